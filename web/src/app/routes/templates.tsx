import { lazy, Suspense } from 'react';
import { Button, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTemplate } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { LoadingState } from '@/components/states';

const TemplatePicker = lazy(() => import('@/features/builder').then((m) => ({ default: m.TemplatePicker })));

// "New from template" on the segment list: the builder's picker; a pick opens the editor
// with that template filled in, nothing saved yet.

export function TemplateButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  return (
    <>
      <Button variant="default" leftSection={<IconTemplate size={16} />} onClick={open}>New from template</Button>
      <Modal opened={opened} onClose={close} title="New segment from a template" size="xl">
        <Text size="sm" c="dimmed" mb="md">Everyday starting points, adapted to this workspace’s fields and events. Everything can be changed before saving.</Text>
        <Suspense fallback={<LoadingState label="Loading templates…" rows={3} />}>
          <TemplatePicker onPick={(t) => { close(); void navigate(`/segments/new?template=${encodeURIComponent(t.id)}`); }} />
        </Suspense>
      </Modal>
    </>
  );
}
