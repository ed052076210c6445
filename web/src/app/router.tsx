import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { SignInPage } from '@/features/auth';
import { currentKey, onKeyChange } from '@/lib/auth';
import { changeStream } from '@/lib/change-stream';
import { LoadingState } from '@/components/states';
import { usePrefetchRoute } from './prefetch';
import { Shell } from './shell';
import { SegmentsRoute } from './routes/segments';
import { NotFoundRoute } from './routes/not-found';

// Pages beyond the list load when first opened: the first screen needs less script.
const SegmentRoute = lazy(() => import('./routes/segment').then((m) => ({ default: m.SegmentRoute })));
const SegmentEditorRoute = lazy(() => import('./routes/segment-editor').then((m) => ({ default: m.SegmentEditorRoute })));
const ContactsRoute = lazy(() => import('./routes/contacts').then((m) => ({ default: m.ContactsRoute })));
const ContactRoute = lazy(() => import('./routes/contacts').then((m) => ({ default: m.ContactRoute })));
const FieldsRoute = lazy(() => import('./routes/fields').then((m) => ({ default: m.FieldsRoute })));
const ImportRoute = lazy(() => import('./routes/import').then((m) => ({ default: m.ImportRoute })));
const SettingsRoute = lazy(() => import('./routes/settings').then((m) => ({ default: m.SettingsRoute })));

// Every page has an address; everything but sign-in needs a key. The change stream runs
// while a key is held.

function useKey(): string | null {
  const [key, set] = useState(currentKey);
  useEffect(() => onKeyChange(set), []);
  return key;
}

function RequireKey({ children }: { children: ReactNode }) {
  const key = useKey();
  const location = useLocation();
  const qc = useQueryClient();
  const [hadKey, setHadKey] = useState(key !== null);
  usePrefetchRoute(key !== null);
  useEffect(() => {
    if (key) {
      setHadKey(true);
      changeStream.start();
      return () => changeStream.stop();
    }
    qc.clear();
    return undefined;
  }, [key, qc]);
  if (!key) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/sign-in" replace state={{ from, reason: hadKey ? 'Signed out. Sign in again with an admin key (the one used before was refused, revoked or signed out).' : undefined }} />;
  }
  return <Shell><Suspense fallback={<LoadingState label="Loading the page…" />}>{children}</Suspense></Shell>;
}

export function AppRoutes() {
  const location = useLocation();
  // `segmint demo` links to /?token=…: the sign-in page exchanges it.
  if (new URLSearchParams(location.search).has('token') && location.pathname !== '/sign-in') {
    return <Navigate to={`/sign-in${location.search}`} replace />;
  }
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/" element={<Navigate to="/segments" replace />} />
      <Route path="/segments" element={<RequireKey><SegmentsRoute /></RequireKey>} />
      <Route path="/segments/new" element={<RequireKey><SegmentEditorRoute /></RequireKey>} />
      <Route path="/segments/:alias/edit" element={<RequireKey><SegmentEditorRoute /></RequireKey>} />
      <Route path="/segments/:alias" element={<RequireKey><SegmentRoute /></RequireKey>} />
      <Route path="/contacts" element={<RequireKey><ContactsRoute /></RequireKey>} />
      <Route path="/contacts/:id" element={<RequireKey><ContactRoute /></RequireKey>} />
      <Route path="/fields" element={<RequireKey><FieldsRoute /></RequireKey>} />
      <Route path="/import" element={<RequireKey><ImportRoute /></RequireKey>} />
      <Route path="/settings" element={<RequireKey><SettingsRoute /></RequireKey>} />
      <Route path="*" element={<RequireKey><NotFoundRoute /></RequireKey>} />
    </Routes>
  );
}
