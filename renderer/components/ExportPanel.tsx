/** The embed being crafted, as code for a backend: Node, Python or a URL template. Never the secret. */
import { useState } from 'react';
import { SECRET_VARIABLE, SNIPPET_LANGUAGES, snippet, type SnippetInput, type SnippetLanguage } from '../../shared/snippets';

const LABELS: Record<SnippetLanguage, string> = { node: 'Node (jsonwebtoken)', python: 'Python (PyJWT)', url: 'URL template' };

export function ExportPanel(props: { input?: SnippetInput; onCopy: (text: string, what: string) => void }) {
  const [language, setLanguage] = useState<SnippetLanguage>('node');
  let code: string | undefined;
  let problem: string | undefined;
  try {
    code = props.input && snippet(language, props.input);
  } catch (error) {
    problem = (error as Error).message;
  }
  return (
    <section className="panel export" aria-labelledby="export-title">
      <h2 id="export-title">Export as code</h2>
      <div className="toolbar" role="group" aria-label="Language">
        {SNIPPET_LANGUAGES.map((name) => (
          <button key={name} type="button" aria-pressed={language === name} onClick={() => setLanguage(name)}>
            {LABELS[name]}
          </button>
        ))}
        <button type="button" disabled={!code} onClick={() => code && props.onCopy(code, `the ${LABELS[language]} code`)}>
          Copy
        </button>
      </div>
      {code ? (
        <>
          <pre aria-label={`${LABELS[language]} code`}>{code}</pre>
          {language !== 'url' && <p className="hint">It reads the secret from the {SECRET_VARIABLE} environment variable; it never contains it.</p>}
        </>
      ) : (
        <p className={problem ? 'error' : 'hint'}>{problem ?? 'Pick a profile and a valid target to export the embed as code.'}</p>
      )}
    </section>
  );
}
