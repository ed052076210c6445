import { useParams } from 'react-router';
import { ContactPage, ContactsPage } from '@/features/contacts';

export function ContactsRoute() {
  return <ContactsPage />;
}

export function ContactRoute() {
  const { id = '' } = useParams();
  return <ContactPage key={id} id={id} />;
}
