/**
 * The embed target: paste a Sigma URL and see its parts, or edit the parts and the URL follows
 * (shared/target.ts both ways). URL options and control values are form controls of their own;
 * options Sigma would refuse, or knows only from its samples, are said here by the inspector's
 * own rules (shared/lint.ts), before anything is signed.
 */
import { useState } from 'react';
import type { EmbedDraft } from '../../shared/api';
import { reasonOf } from '../../shared/errors';
import { SUPPORTED_OPTIONS, lintOptions } from '../../shared/lint';
import {
  documentOf,
  hasScheme,
  mergeQuery,
  resolveTarget,
  targetUrl,
  type DocumentType,
  type EmbedTarget,
  type EmbedUrl,
  type TargetKind,
} from '../../shared/target';
import type { GateWarning } from '../gate';
import { rowsToObject } from '../rows';
import { ErrorText } from './ErrorText';
import { Field, PairRows } from './Field';

/** What this form edits of the draft: the target, its URL options and its control values. */
type TargetChange = Pick<EmbedDraft, 'url' | 'options' | 'controls'>;

const FLAGS = [':hide_menu', ':hide_tooltip', ':hide_bookmarks', ':hide_folder_navigation', ':responsive_height'];

const DOCUMENTS: Record<DocumentType, string> = { workbook: 'Workbook', 'data-model': 'Data model' };

export function parseTarget(url: string, baseUrl: string | undefined): { embed?: EmbedUrl; error?: string } {
  try {
    return { embed: resolveTarget(url, baseUrl) };
  } catch (error) {
    return { error: reasonOf(error) };
  }
}

/** Under the target: the full URL a path resolves to, and a target on another profile's host, with the switch. */
function targetHint(url: string, embed: EmbedUrl | undefined, baseUrl: string | undefined, warning?: GateWarning, onSwitch?: (name: string) => void) {
  const relative = embed && !hasScheme(url);
  const { switchTo } = warning ?? {};
  if (!relative && !warning) return baseUrl && `Full URL, or a path under ${baseUrl}`;
  return (
    <>
      {relative && <span className="resolved">Resolves to {targetUrl(embed.target)}</span>}
      {warning && (
        <span className="warning" role="note">
          {relative && ' '}
          {warning.message}
          {switchTo && onSwitch && (
            <button type="button" onClick={() => onSwitch(switchTo)}>
              Switch to profile {switchTo}
            </button>
          )}
        </span>
      )}
    </>
  );
}

export function TargetForm(props: {
  draft: TargetChange;
  baseUrl?: string;
  /** The signer's refusal of the target or its options. */
  failure?: string;
  /** The gate's warning that the target is not on the profile's host (renderer/gate.ts). */
  warning?: GateWarning;
  /** Switches to the profile the warning names. */
  onSwitchProfile?: (name: string) => void;
  onChange: (change: Partial<TargetChange>) => void;
}) {
  const { draft, onChange } = props;
  const { embed, error } = parseTarget(draft.url, props.baseUrl);
  // The parts last edited stay on screen while the URL they make is incomplete (a new page id).
  const [edited, setEdited] = useState<EmbedTarget>();
  const target = embed?.target ?? edited;

  /** A pasted URL's own options and control values move into the form; a pasted token is dropped. */
  const absorbQuery = () => {
    if (!embed || !draft.url.includes('?')) return;
    onChange({
      url: hasScheme(draft.url) ? targetUrl(embed.target) : draft.url.slice(0, draft.url.indexOf('?')),
      ...mergeQuery(draft, embed),
    });
  };
  const setPart = (change: Partial<EmbedTarget>) => {
    if (!target) return;
    const next = { ...target, ...change };
    setEdited(next);
    onChange({ url: targetUrl(next) });
  };
  const setKind = (kind: TargetKind) =>
    setPart({ kind, pageId: kind === 'page' ? (target?.pageId ?? '') : undefined, elementId: kind === 'element' ? (target?.elementId ?? '') : undefined });
  const option = (key: string) => draft.options[key] ?? '';
  const setOption = (key: string, value: string | undefined) => {
    const options = { ...draft.options };
    if (value) options[key] = value;
    else delete options[key];
    onChange({ options });
  };
  const otherOptions = Object.entries(draft.options).filter(([key]) => !SUPPORTED_OPTIONS.includes(key));
  const document = target ? DOCUMENTS[documentOf(target)] : DOCUMENTS.workbook;

  return (
    <section className="panel" aria-labelledby="target-title">
      <h2 id="target-title">Target</h2>
      <Field label="Sigma URL" error={error} failure={props.failure} hint={targetHint(draft.url, embed, props.baseUrl, props.warning, props.onSwitchProfile)}>
        {(control) => (
          <input
            {...control}
            value={draft.url}
            spellCheck={false}
            onChange={(e) => {
              setEdited(undefined);
              onChange({ url: e.target.value });
            }}
            onBlur={absorbQuery}
            onKeyDown={(e) => e.key === 'Enter' && absorbQuery()}
          />
        )}
      </Field>

      {target && (
        <fieldset className="parts">
          <legend>Parts</legend>
          <div className="row">
            <Field label="Org">{(c) => <input {...c} value={target.org} onChange={(e) => setPart({ org: e.target.value })} />}</Field>
            <Field label="Kind">
              {(c) => (
                <select {...c} value={target.kind} onChange={(e) => setKind(e.target.value as TargetKind)}>
                  <option value="workbook">Workbook</option>
                  <option value="page">Page</option>
                  <option value="element">Element</option>
                  <option value="ask">Ask Sigma</option>
                </select>
              )}
            </Field>
          </div>
          {target.kind !== 'ask' && (
            <>
              <Field
                label="Document type"
                hint={
                  documentOf(target) === 'data-model'
                    ? "Sigma's docs do not give a data model's URL syntax [uncertain]: read like a workbook's, /{org}/data-model/{name}-{id}. Copy it from the published data model to be sure."
                    : undefined
                }
              >
                {(c) => (
                  <select {...c} value={documentOf(target)} onChange={(e) => setPart({ document: e.target.value === 'data-model' ? 'data-model' : undefined })}>
                    {(Object.keys(DOCUMENTS) as DocumentType[]).map((type) => (
                      <option key={type} value={type}>
                        {DOCUMENTS[type]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="row">
                <Field label={`${document} name`}>
                  {(c) => <input {...c} value={target.workbookName ?? ''} onChange={(e) => setPart({ workbookName: e.target.value })} />}
                </Field>
                <Field label={`${document} URL id`}>
                  {(c) => <input {...c} value={target.workbookUrlId ?? ''} onChange={(e) => setPart({ workbookUrlId: e.target.value })} />}
                </Field>
              </div>
              <div className="row">
                <Field label="Version tag">
                  {(c) => <input {...c} value={target.tag ?? ''} onChange={(e) => setPart({ tag: e.target.value || undefined })} />}
                </Field>
                {target.kind === 'page' && (
                  <Field label="Page id">{(c) => <input {...c} value={target.pageId ?? ''} onChange={(e) => setPart({ pageId: e.target.value })} />}</Field>
                )}
                {target.kind === 'element' && (
                  <Field label="Element id">
                    {(c) => <input {...c} value={target.elementId ?? ''} onChange={(e) => setPart({ elementId: e.target.value })} />}
                  </Field>
                )}
              </div>
            </>
          )}
        </fieldset>
      )}

      <fieldset className="options">
        <legend>URL options</legend>
        <div className="row">
          <Field label="Theme">
            {(c) => (
              <>
                <input {...c} list="themes" placeholder="Light" value={option(':theme')} onChange={(e) => setOption(':theme', e.target.value)} />
                <datalist id="themes">
                  <option value="Light" />
                  <option value="Dark" />
                  <option value="Surface" />
                </datalist>
              </>
            )}
          </Field>
          <Field label="Menu position">
            {(c) => (
              <select {...c} value={option(':menu_position')} onChange={(e) => setOption(':menu_position', e.target.value)}>
                <option value="">none (default)</option>
                <option value="top">top</option>
                <option value="bottom">bottom</option>
              </select>
            )}
          </Field>
          <Field label="Language (:lng)">
            {(c) => <input {...c} placeholder="en" value={option(':lng')} onChange={(e) => setOption(':lng', e.target.value)} />}
          </Field>
        </div>
        <div className="flags">
          {FLAGS.map((key) => (
            <label key={key}>
              <input type="checkbox" checked={option(key) === 'true'} onChange={(e) => setOption(key, e.target.checked ? 'true' : undefined)} /> {key}
            </label>
          ))}
        </div>
        <PairRows
          label="Other URL options"
          keyLabel="Option"
          valueLabel="Value"
          rows={otherOptions}
          onChange={(rows) =>
            onChange({
              options: { ...Object.fromEntries(Object.entries(draft.options).filter(([k]) => SUPPORTED_OPTIONS.includes(k))), ...rowsToObject(rows) },
            })
          }
        />
        {lintOptions(draft.options).map(({ severity, message }) =>
          severity === 'error' ? (
            <ErrorText key={message} kind="validation">
              {message}
            </ErrorText>
          ) : (
            <p key={message} className="hint">
              {message}
            </p>
          ),
        )}
      </fieldset>

      <PairRows
        label="Control values"
        keyLabel="Control id"
        valueLabel="Values, comma-separated"
        rows={Object.entries(draft.controls).map(([id, values]) => [id, values.join(',')])}
        onChange={(rows) => onChange({ controls: Object.fromEntries(Object.entries(rowsToObject(rows)).map(([id, values]) => [id, values.split(',')])) })}
      />
    </section>
  );
}
