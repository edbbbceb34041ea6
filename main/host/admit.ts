/**
 * What the local embed host does with an embed URL, in Sigma's order: the URL, the token's
 * shape, the signature (with the secrets in the keychain, through main/core), expiry, the
 * content, then replay: a load that serves nothing does not use up its token. The first failure
 * refuses the load, with Sigma's message and our reason.
 */
import { EmbedConsoleError } from '../../shared/errors';
import { decodeJwt } from '../../shared/jwt';
import { lintToken, lintUrl } from '../../shared/lint';
import { documentOf, parseEmbedUrl, type EmbedTarget, type EmbedUrl } from '../../shared/target';
import type { JtiLedger } from '../core/ledger';
import type { HostKeys } from '../core/host-keys';
import { DATASETS, DEMO_DATA_MODEL, DEMO_ORG, REGIONS, dataModelPath, findWorkbook, workbookPath, type DemoPage, type DemoWorkbook } from './demo-org';
import type { EmbedView, Refusal, SigmaErrorCode } from './page/view';

export type { EmbedView, Refusal } from './page/view';

export type Admission = { ok: true; view: EmbedView } | { ok: false; refusal: Refusal };

export interface AdmitDeps {
  keys: HostKeys;
  ledger: JtiLedger;
  now: () => number;
}

const PERMISSION = "You don't have permission to access this page.";
const EXPIRED = 'Session expired. Reload the page.';

const refuse = (status: Refusal['status'], code: SigmaErrorCode, title: string, reason: string): Admission => ({
  ok: false,
  refusal: { status, code, title, reason },
});
const invalid = (reason: string) => refuse(400, 'EINVAL', 'EINVAL: the embed URL or its token is invalid.', reason);

function findContent(target: EmbedTarget): { workbook?: DemoWorkbook; pages: DemoPage[] } | Admission {
  if (target.org !== DEMO_ORG) {
    return refuse(
      404,
      'ENOENT',
      'ENOENT: not found.',
      `There is no org "${target.org}" here; the local embed host serves the "${DEMO_ORG}" org (open / for its workbooks).`,
    );
  }
  if (target.kind === 'ask') return { pages: [] };
  // A data model is drawn as a workbook: the same pages and elements.
  const dataModel = documentOf(target) === 'data-model';
  const workbook = dataModel ? (target.workbookUrlId === DEMO_DATA_MODEL.workbookUrlId ? DEMO_DATA_MODEL : undefined) : findWorkbook(target.workbookUrlId);
  if (!workbook) {
    return dataModel
      ? refuse(
          404,
          'ENOENT',
          'ENOENT: data model not found.',
          `No data model has url id "${target.workbookUrlId}"; the demo data model is ${dataModelPath(DEMO_DATA_MODEL)}.`,
        )
      : refuse(404, 'ENOENT', 'ENOENT: workbook not found.', `No workbook has url id "${target.workbookUrlId}"; open / for the demo workbooks.`);
  }
  if (target.tag && !workbook.tags.includes(target.tag)) {
    return refuse(
      404,
      'ENOENT',
      'ENOENT: version tag not found.',
      `"${workbook.name}" has no tag "${target.tag}"; its tags: ${workbook.tags.join(', ') || 'none'}.`,
    );
  }
  if (target.kind === 'page') {
    const page = workbook.pages.find((p) => p.pageId === target.pageId);
    if (!page)
      return refuse(
        404,
        'ESTALE',
        'ESTALE: the page was deleted or archived.',
        `"${workbook.name}" has no page "${target.pageId}"; its pages: ${workbook.pages.map((p) => p.pageId).join(', ')}.`,
      );
    return { workbook, pages: [page] };
  }
  if (target.kind === 'element') {
    const page = workbook.pages.find((p) => p.elements.some((e) => e.elementId === target.elementId));
    if (!page) return refuse(404, 'ESTALE', 'ESTALE: the element was deleted or archived.', `"${workbook.name}" has no element "${target.elementId}".`);
    return { workbook, pages: [{ ...page, elements: page.elements.filter((e) => e.elementId === target.elementId) }] };
  }
  return { workbook, pages: workbook.pages };
}

/** Rows the user may see: a `region` user attribute restricts every dataset to that region. */
function securedData(claims: Record<string, unknown>): Pick<EmbedView, 'data' | 'rowSecurity'> {
  const attributes = (claims.user_attributes ?? {}) as Record<string, string>;
  const key = Object.keys(attributes).find((k) => k.toLowerCase() === 'region');
  if (!key) return { data: DATASETS };
  const value = attributes[key];
  const region = REGIONS.find((r) => r.toLowerCase() === value.toLowerCase());
  const data = Object.fromEntries(Object.entries(DATASETS).map(([name, rows]) => [name, rows.filter((row) => row.region === region)]));
  return { data, rowSecurity: { attribute: key, value } };
}

export async function admit(url: string, deps: AdmitDeps): Promise<Admission> {
  let embed: EmbedUrl;
  try {
    embed = parseEmbedUrl(url);
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    return refuse(404, 'ENOENT', 'ENOENT: not found.', error.message);
  }
  const urlFindings = lintUrl(embed);
  const urlError = urlFindings.find((f) => f.severity === 'error');
  if (urlError) return invalid(urlError.message);

  let token;
  try {
    token = decodeJwt(embed.jwt!);
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    return invalid(error.message);
  }
  const now = deps.now();
  const findings = lintToken(token, now);
  const shapeError = findings.find((f) => f.severity === 'error' && f.code !== 'EXPIRED');
  if (shapeError) return invalid(shapeError.message);

  const signature = await deps.keys.verifyEmbed(embed.jwt!, token.header.kid as string);
  if (!signature.valid) return refuse(401, 'EACCES', PERMISSION, `The local embed host refused the token: ${signature.message}`);
  // Sigma decrypts OAuth tokens with the secret it verified the token with; one that does not open is an invalid token.
  if (signature.oauth) return invalid(signature.oauth);

  const expired = findings.find((f) => f.code === 'EXPIRED');
  if (expired) return refuse(401, 'EINVAL', EXPIRED, expired.message);

  const content = findContent(embed.target);
  if ('ok' in content) return content;

  const { jti, exp } = token.payload as { jti: string; exp: number };
  const seen = deps.ledger.record(jti, exp);
  if (seen) {
    return refuse(
      403,
      'EINVAL',
      'This embed URL was already used.',
      `Replay of jti ${jti}, first used at ${seen.seenAt}. Sigma accepts each token once; sign a fresh URL for every load.`,
    );
  }
  await deps.ledger.flush();

  const { workbook, pages } = content;
  return {
    ok: true,
    view: {
      target: embed.target,
      ...(workbook && {
        workbook: {
          workbookId: workbook.workbookId,
          name: workbook.name,
          path: documentOf(embed.target) === 'data-model' ? dataModelPath(workbook) : workbookPath(workbook),
          tags: workbook.tags,
          pages: workbook.pages.map(({ pageId, name }) => ({ pageId, name })),
        },
      }),
      pages,
      elementId: embed.target.elementId,
      claims: token.payload,
      profile: signature.profile,
      options: embed.options,
      controls: embed.controls,
      notes: [...urlFindings, ...findings],
      ...securedData(token.payload),
    },
  };
}
