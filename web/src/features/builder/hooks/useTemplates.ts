import { useMemo } from 'react';
import { useFields } from '@/lib/workspace';
import { useServerRoutes } from '@/lib/server-routes';
import type { Condition } from '../model';
import type { FieldInfo } from '../ops';
import { useEventCatalog, useServerTemplates } from '../api/queries';
import { TEMPLATES, buildTemplate } from '../templates';

// Templates for "New from template": the server's (GET /api/v1/templates, adapted to the
// workspace there) when it has the route, else the same dozen built here from the fields
// and the event catalog.

export interface TemplateChoice {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly condition: Condition;
  readonly notes: readonly string[];
}

export function useTemplates(): { templates: TemplateChoice[]; isLoading: boolean; error: unknown } {
  const { routes, isLoading: routesLoading } = useServerRoutes();
  const served = routes?.has('get', '/api/v1/templates') ?? false;
  const server = useServerTemplates(served);
  const fields = useFields();
  const catalog = useEventCatalog();

  const templates = useMemo<TemplateChoice[]>(() => {
    if (served && server.data) {
      return server.data.map((t) => ({
        id: t.id, title: t.name, summary: t.description, name: t.name, description: t.description, category: t.category,
        condition: t.condition as Condition, notes: t.notes,
      }));
    }
    if (served && !server.error) return [];
    const ws = { fields: (fields.data ?? []) as FieldInfo[], events: catalog.data ?? [] };
    return TEMPLATES.map((t) => {
      const d = buildTemplate(t.id, ws);
      return d ? { ...t, ...d } : null;
    }).filter((t): t is TemplateChoice => t !== null);
  }, [served, server.data, server.error, fields.data, catalog.data]);

  return {
    templates,
    isLoading: routesLoading || (served ? server.isLoading : fields.isLoading || catalog.isLoading),
    error: served ? server.error : fields.error,
  };
}
