import type { ReactNode } from 'react';
import { Alert, Button, Center, EmptyState, Group, Loader, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlugConnectedX } from '@tabler/icons-react';
import { ApiError } from '@/lib/api-client';

// Loading, empty and error states, the same on every page.

export function LoadingState({ label = 'Loading…', rows = 4 }: { label?: string; rows?: number }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-live="polite">
      <Group gap="xs"><Loader size="xs" /><Text size="sm" c="dimmed">{label}</Text></Group>
      {Array.from({ length: rows }, (_, i) => <Skeleton key={i} height={28} radius="sm" />)}
    </Stack>
  );
}

export function InlineLoader({ label = 'Loading…' }: { label?: string }) {
  return <Group gap="xs" aria-live="polite"><Loader size="xs" /><Text size="sm" c="dimmed">{label}</Text></Group>;
}

/** What went wrong, said plainly; a route this server lacks is named as such. */
export function ErrorState({ error, title, onRetry, feature }: { error: unknown; title?: string; onRetry?: () => void; feature?: string }) {
  if (error instanceof ApiError && error.missingRoute) {
    return (
      <Alert variant="light" color="yellow" icon={<IconPlugConnectedX size={18} />} title={`${feature ?? 'This'} is not available on this server`} role="alert">
        <Text size="sm">This server does not offer the route the page needs yet ({error.path || error.message.replace(/^no route /, '')}). Update segmint and restart <code>segmint serve</code>.</Text>
      </Alert>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert variant="light" color="red" icon={<IconAlertTriangle size={18} />} title={title ?? 'Something went wrong'} role="alert">
      <Stack gap="xs">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{message}</Text>
        {error instanceof ApiError && error.issues.length > 1 ? (
          <Stack gap={2}>{error.issues.map((i, n) => <Text key={n} size="xs" ff="monospace">{i.path}: {i.message}</Text>)}</Stack>
        ) : null}
        {onRetry ? <Group><Button size="xs" variant="light" color="red" onClick={onRetry}>Try again</Button></Group> : null}
      </Stack>
    </Alert>
  );
}

export function Empty({ title, description, icon, action }: { title: string; description?: ReactNode; icon?: ReactNode; action?: ReactNode }) {
  return (
    <Center py="xl">
      <EmptyState title={title} description={description} icon={icon} variant="light" color="gray">
        {action ? <EmptyState.Actions>{action}</EmptyState.Actions> : null}
      </EmptyState>
    </Center>
  );
}
