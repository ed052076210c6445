export { FieldsPage } from './components/fields-page';
