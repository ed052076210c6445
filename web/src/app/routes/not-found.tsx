import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '@/components/page';
import { Empty } from '@/components/states';

export function NotFoundRoute() {
  return (
    <Page title="Page not found">
      <Empty title="There is no page at this address" description="It may have moved, or the link was mistyped." action={<Button component={Link} to="/segments">Go to segments</Button>} />
    </Page>
  );
}
