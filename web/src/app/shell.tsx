import { useEffect, type ReactNode } from 'react';
import { AppShell, Badge, Box, Burger, Button, Group, NavLink, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconFileImport, IconLogout, IconSettings, IconTable, IconUsersGroup } from '@tabler/icons-react';
import { Link, NavLink as RouterNavLink, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveCounts } from '@/features/segments';
import { setKey } from '@/lib/auth';
import { useStreamStatus } from '@/lib/change-stream';
import { fieldsQuery, useSettings } from '@/lib/workspace';

// The frame around every signed-in page: navigation on the left (a drawer on a narrow
// window), the live connection and the workspace's zone at the top.

const NAV = [
  { to: '/segments', label: 'Segments', icon: IconUsersGroup },
  { to: '/contacts', label: 'Contacts', icon: IconAddressBook },
  { to: '/fields', label: 'Fields', icon: IconTable },
  { to: '/import', label: 'Import', icon: IconFileImport },
  { to: '/settings', label: 'Settings', icon: IconSettings },
];

function Logo() {
  return (
    <UnstyledButton component={Link} to="/segments" aria-label="Segmint home">
      <Group gap={8} wrap="nowrap">
        <img src="/favicon.svg" width={26} height={26} alt="" />
        <Text fw={750} fz="lg" c="dark.7">Segmint</Text>
      </Group>
    </UnstyledButton>
  );
}

function LiveBadge() {
  const status = useStreamStatus();
  const label = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting' : 'Offline';
  const color = status === 'live' ? 'teal' : status === 'connecting' ? 'yellow' : 'gray';
  return (
    <Tooltip label={status === 'live' ? 'Counts follow the server’s change stream' : 'Reconnecting to the change stream…'}>
      <Badge variant="dot" color={color} size="lg" role="status" aria-label={`Change stream: ${label}`} data-testid="live-status">{label}</Badge>
    </Tooltip>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const settings = useSettings();
  const qc = useQueryClient();
  useLiveCounts();
  // Most pages name fields: fetch them once, early.
  useEffect(() => { void qc.prefetchQuery(fieldsQuery); }, [qc]);
  useEffect(close, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a href="#main" className="skip-link">Skip to content</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Logo />
          </Group>
          <Group gap="sm" wrap="nowrap">
            {settings.data ? <Text size="sm" c="dimmed" visibleFrom="sm" title="The workspace’s time zone: days, ages and windows are counted in it">{settings.data.timezone}</Text> : null}
            <LiveBadge />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <Stack justify="space-between" h="100%">
          <Box component="nav" aria-label="Main navigation">
            {NAV.map((n) => (
              <NavLink
                key={n.to} component={RouterNavLink} to={n.to} label={n.label}
                leftSection={<n.icon size={18} stroke={1.7} />}
                active={location.pathname.startsWith(n.to)}
                aria-current={location.pathname.startsWith(n.to) ? 'page' : undefined}
                style={{ borderRadius: 8 }} fw={500}
              />
            ))}
          </Box>
          <Button
            variant="subtle" color="gray" leftSection={<IconLogout size={16} />} justify="flex-start"
            onClick={() => { qc.clear(); setKey(null); }}
          >Sign out</Button>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>{children}</AppShell.Main>
    </AppShell>
  );
}
