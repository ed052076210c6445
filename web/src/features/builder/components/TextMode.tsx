import { Alert, Box, Group, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useRef } from 'react';

// The definition as DSL text (docs/dsl.md), editable. A parse error is underlined at its
// line and column: a backdrop under the transparent textarea draws the same text with a
// wavy line beneath the token the error points at.

export interface TextError {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

const FONT: React.CSSProperties = {
  fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 14, lineHeight: '22px', padding: '10px 12px',
  whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', wordBreak: 'normal', letterSpacing: 'normal', tabSize: 2,
  margin: 0, border: '1px solid transparent', boxSizing: 'border-box',
};

/** Offset of a 1-based line and column in the text. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) off += lines[i].length + 1;
  return Math.min(text.length, off + Math.max(0, column - 1));
}

export function TextMode({ text, onChange, error }: { text: string; onChange: (t: string) => void; error: TextError | null }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const back = useRef<HTMLDivElement>(null);
  const at = error?.line !== undefined && error.column !== undefined ? offsetOf(text, error.line, error.column) : null;
  // The token at the error: up to the next space or bracket (at least one character).
  let end = at ?? 0;
  if (at !== null) {
    const m = /^("([^"\\\n]|\\.)*"?|[^\s()]+|.)/.exec(text.slice(at));
    end = at + Math.max(1, m ? m[0].length : 1);
  }

  const goTo = () => {
    if (at === null || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(at, Math.min(end, text.length));
  };

  return (
    <Box>
      <Box pos="relative" style={{ border: `1px solid ${error ? 'var(--mantine-color-red-5)' : 'var(--mantine-color-gray-4)'}`, borderRadius: 6, background: 'white' }}>
        <div ref={back} aria-hidden style={{ ...FONT, position: 'absolute', inset: 0, color: 'transparent', overflow: 'hidden', pointerEvents: 'none' }}>
          {at === null ? text : (
            <>
              {text.slice(0, at)}
              <mark data-testid="parse-error-mark" style={{ color: 'transparent', background: 'var(--mantine-color-red-1)', textDecoration: 'underline wavy var(--mantine-color-red-6)', textUnderlineOffset: 4 }}>
                {text.slice(at, end) || ' '}
              </mark>
              {text.slice(end)}
            </>
          )}
          {'\n'}
        </div>
        <textarea
          ref={area} value={text} spellCheck={false} aria-label="Condition as text" aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'dsl-error' : undefined} rows={Math.max(6, text.split('\n').length + 2)}
          onChange={(e) => onChange(e.currentTarget.value)}
          onScroll={(e) => { if (back.current) back.current.scrollTop = e.currentTarget.scrollTop; }}
          style={{ ...FONT, position: 'relative', width: '100%', background: 'transparent', resize: 'vertical', outline: 'none', display: 'block', color: 'var(--mantine-color-text)' }}
        />
      </Box>
      {error && (
        <Alert id="dsl-error" color="red" variant="light" mt="xs" icon={<IconAlertCircle size={16} />} role="alert" p="xs">
          <Group gap={6} wrap="wrap">
            <Text size="sm" data-testid="parse-error">{error.message}</Text>
            {error.line !== undefined && (
              <Text size="sm" c="red.8" td="underline" style={{ cursor: 'pointer' }} component="button" type="button" onClick={goTo}
                bg="transparent" bd={0} p={0}>
                line {error.line}, column {error.column}
              </Text>
            )}
          </Group>
        </Alert>
      )}
      <Text size="xs" c="dimmed" mt={4}>
        Write conditions as in <code>country = "CH" and performed purchase at least 2 times within 30d</code> — see the text form's guide (docs/dsl.md).
      </Text>
    </Box>
  );
}
