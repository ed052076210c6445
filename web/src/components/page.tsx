import { useEffect, type ReactNode } from 'react';
import { Anchor, Box, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

// Every page's frame: a title (also the document's), an optional line under it,
// breadcrumbs and actions on the right that wrap under the title on a narrow window.

export interface Crumb { label: string; to?: string }

export function Page(props: {
  title: ReactNode;
  /** The browser tab's title when `title` is not plain text. */
  documentTitle?: string;
  subtitle?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  children: ReactNode;
}) {
  const doc = props.documentTitle ?? (typeof props.title === 'string' ? props.title : undefined);
  useEffect(() => {
    if (doc) document.title = `${doc} · Segmint`;
  }, [doc]);
  return (
    <Stack gap="lg" maw={1400}>
      {props.crumbs?.length ? (
        <Breadcrumbs separatorMargin={6} aria-label="Breadcrumbs">
          {props.crumbs.map((c) => (c.to
            ? <Anchor key={c.label} component={Link} to={c.to} size="sm">{c.label}</Anchor>
            : <Text key={c.label} size="sm" c="dimmed">{c.label}</Text>))}
        </Breadcrumbs>
      ) : null}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Box miw={0} style={{ flex: '1 1 320px' }}>
          <Title order={1} fz={{ base: 24, sm: 28 }} style={{ overflowWrap: 'anywhere' }}>{props.title}</Title>
          {props.subtitle ? <Box mt={4} c="dimmed" fz="sm">{props.subtitle}</Box> : null}
        </Box>
        {props.actions ? <Group gap="xs" wrap="wrap">{props.actions}</Group> : null}
      </Group>
      {props.children}
    </Stack>
  );
}
