// The demo workspace's field settings, in the `fields apply` file format
// (SEGMENT-LANGUAGE.md §1). Chosen to look like a real marketing tool's custom fields,
// with every field type used at least once so the demo exercises all of them.

export type DemoFieldType =
  | 'text' | 'number' | 'boolean' | 'date' | 'datetime'
  | 'select' | 'multiselect' | 'email' | 'phone' | 'url';

export interface DemoField {
  readonly key: string;
  readonly label: string;
  readonly type: DemoFieldType;
  readonly options?: readonly string[];
}

export const DEMO_FIELDS: readonly DemoField[] = [
  { key: 'birth_date', label: 'Birth date', type: 'date' },
  { key: 'gender', label: 'Gender', type: 'select', options: ['female', 'male', 'diverse'] },
  { key: 'city', label: 'City', type: 'text' },
  { key: 'country', label: 'Country', type: 'text' },
  { key: 'language', label: 'Language', type: 'select', options: ['de', 'en', 'fr', 'it'] },
  { key: 'points', label: 'Loyalty points', type: 'number' },
  { key: 'status', label: 'Customer status', type: 'select', options: ['prospect', 'customer', 'vip', 'gold'] },
  { key: 'lead_status', label: 'Lead status', type: 'select', options: ['new', 'qualified', 'inactive'] },
  { key: 'industry', label: 'Industry', type: 'text' },
  { key: 'company_size', label: 'Company size (employees)', type: 'number' },
  {
    key: 'interests', label: 'Interests', type: 'multiselect',
    options: ['product_updates', 'events', 'user_tips', 'sustainability', 'tech'],
  },
  { key: 'newsletter_opt_in', label: 'Newsletter opt-in', type: 'boolean' },
  { key: 'registered_at', label: 'Registered at', type: 'datetime' },
  { key: 'login_method', label: 'Login method', type: 'select', options: ['email', 'google', 'apple', 'facebook'] },
  { key: 'notifications', label: 'Notification channels', type: 'multiselect', options: ['email', 'sms', 'push'] },
  { key: 'diet', label: 'Diet', type: 'select', options: ['none', 'vegetarian', 'vegan'] },
  { key: 'has_pet', label: 'Has a pet', type: 'boolean' },
  { key: 'website', label: 'Website', type: 'url' },
];
