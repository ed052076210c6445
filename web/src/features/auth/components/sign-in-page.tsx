import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Center, Code, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, errorMessage, type ApiResponse } from '@/lib/api-client';
import { KEY_SHAPE, setKey } from '@/lib/auth';

// Sign in with an admin key, once per browser session. `segmint demo` prints a URL with a
// one-time token (`/?token=…`): it is exchanged for a key of this session and removed
// from the address bar.

type Exchange = ApiResponse<'/api/v1/signin', 'post'>;

/** A one-time token for an admin key of its own ("browser sign-in"). */
async function exchange(token: string): Promise<string> {
  const r = await api.post<Exchange>('/api/v1/signin', { token }, { key: '' });
  return r.key;
}

export function SignInPage() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const from = (location.state as { from?: string } | null)?.from ?? params.get('next') ?? '/segments';
  const reason = (location.state as { reason?: string } | null)?.reason;
  const token = params.get('token');
  const tried = useRef(false);

  useEffect(() => {
    document.title = 'Sign in · Segmint';
    if (!token || tried.current) return;
    tried.current = true;
    setBusy(true);
    exchange(token)
      .then((key) => { setKey(key); void navigate(from, { replace: true }); })
      .catch((e) => {
        setError(e instanceof ApiError && e.missingRoute
          ? 'This server does not take sign-in links yet; paste an admin key instead.'
          : `The sign-in link did not work (${errorMessage(e)}). It can be used once; paste an admin key instead.`);
        void navigate('/sign-in', { replace: true });
      })
      .finally(() => setBusy(false));
  }, [token, from, navigate]);

  const submit = async () => {
    const key = value.trim();
    setError(null);
    if (!KEY_SHAPE.test(key)) {
      setError('That is not an API key: keys look like sk_admin_ followed by 32 letters and digits.');
      return;
    }
    if (key.startsWith('sk_write_')) {
      setError('This is a write key: it can only send contacts and events. Sign in with an admin key.');
      return;
    }
    setBusy(true);
    try {
      await api.get('/api/v1/settings', { key });
      setKey(key);
      void navigate(from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'The server does not know this key (or it was revoked).' : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" radius="lg" p="xl" w="100%" maw={440} component="main">
        <Stack>
          <Box>
            <Title order={1} fz={26}>Sign in to Segmint</Title>
            <Text c="dimmed" size="sm" mt={4}>Use an admin API key. It is kept for this browser tab only and forgotten when you close it.</Text>
          </Box>
          {reason ? <Alert color="yellow" variant="light" role="status">{reason}</Alert> : null}
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <Stack>
              <PasswordInput
                label="Admin API key" placeholder="sk_admin_…" leftSection={<IconKey size={16} />}
                value={value} onChange={(e) => setValue(e.currentTarget.value)} autoFocus autoComplete="off" spellCheck={false}
                error={error ?? undefined}
              />
              <Button type="submit" loading={busy} fullWidth>Sign in</Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed">
            <Code>segmint serve</Code> prints the first admin key when it creates one; <Code>segmint keys create --role admin</Code> makes another.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
