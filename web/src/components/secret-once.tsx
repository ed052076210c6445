import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

// A secret the server shows once (an API key, a webhook's signing secret).

export function SecretOnce({ label, secret }: { label: string; secret: string }) {
  return (
    <Alert color="yellow" variant="light" title={`${label} — shown only this once`} role="status">
      <Stack gap="xs">
        <Text size="sm">Copy it now and keep it somewhere safe; the server keeps only a hash and cannot show it again.</Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="secret">{secret}</Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'}>
                <ActionIcon variant="light" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`} color={copied ? 'teal' : 'gray'}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
