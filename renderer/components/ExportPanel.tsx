/**
 * The embed being crafted, as code: for the server that signs it (Node, Python, a URL template)
 * and for the page that embeds it (React, plain JS). Never the secret.
 */
import { useState } from 'react';
import { HOST_SNIPPET_LANGUAGES, SIGNED_URL_PATH, isHostLanguage } from '../../shared/host-snippets';
import { SECRET_VARIABLE, SERVER_SNIPPET_LANGUAGES, snippet, type SnippetInput, type SnippetLanguage } from '../../shared/snippets';
import { StatusText, type Status } from './ErrorText';
import type { Gate } from '../gate';

const LABELS: Record<SnippetLanguage, string> = {
  node: 'Node (jsonwebtoken)',
  python: 'Python (PyJWT)',
  url: 'URL template',
  react: 'React',
  js: 'Plain JS',
};

const GROUPS = [
  { name: 'Server', languages: SERVER_SNIPPET_LANGUAGES },
  { name: 'Page', languages: HOST_SNIPPET_LANGUAGES },
] as const;

/** What the code does with the secret, said under it. */
function hint(language: SnippetLanguage): string | undefined {
  if (language === 'url') return undefined;
  if (isHostLanguage(language)) {
    return `It fetches a fresh signed URL from your server at ${SIGNED_URL_PATH} (the Node code serves it there); the browser never sees the secret.`;
  }
  return `It reads the secret from the ${SECRET_VARIABLE} environment variable; it never contains it.`;
}

export function ExportPanel(props: {
  input?: SnippetInput;
  status?: Status;
  /** Load's gate (renderer/gate.ts): an error blocks the export too, with its reason. */
  gate?: Gate;
  onCopy: (text: string, what: string) => void;
}) {
  const [language, setLanguage] = useState<SnippetLanguage>('node');
  const { gate } = props;
  let code: string | undefined;
  let problem: string | undefined;
  if (gate && !gate.open) problem = `Not exported: ${gate.reason}`;
  else {
    try {
      code = props.input && snippet(language, props.input);
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  const warnings = gate?.open ? gate.warnings : [];
  const said = hint(language);
  return (
    <section className="panel export" aria-labelledby="export-title">
      <h2 id="export-title">Export as code</h2>
      <div className="toolbar" role="group" aria-label="Language">
        {GROUPS.map((group) => [
          <span key={group.name} className="hint">
            {group.name}
          </span>,
          ...group.languages.map((name) => (
            <button key={name} type="button" aria-pressed={language === name} onClick={() => setLanguage(name)}>
              {LABELS[name]}
            </button>
          )),
        ])}
        <button type="button" disabled={!code} onClick={() => code && props.onCopy(code, `the ${LABELS[language]} code`)}>
          Copy
        </button>
      </div>
      {props.status && <StatusText status={props.status} />}
      {code ? (
        <>
          <pre aria-label={`${LABELS[language]} code`}>{code}</pre>
          {said && <p className="hint">{said}</p>}
          {warnings.map((warning) => (
            <p key={warning.message} className="hint" role="note">
              {warning.message}
            </p>
          ))}
        </>
      ) : (
        <p className={problem ? 'error' : 'hint'}>{problem ?? 'Pick a profile and a valid target to export the embed as code.'}</p>
      )}
    </section>
  );
}
