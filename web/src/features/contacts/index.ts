export { ContactsPage } from './components/contacts-page';
export { ContactPage } from './components/contact-page';
