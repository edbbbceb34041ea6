/**
 * The demo org the local embed host serves: a few workbooks with pages and elements, teams, and
 * sales data with a region column, so row-level security through a user attribute can be seen.
 * Everything is fixed, so tests and screenshots are repeatable.
 */
import { workbookSlug } from '../../shared/target';

export const DEMO_ORG = 'demo';

export type DemoElementType = 'table' | 'pivot-table' | 'bar-chart' | 'control';

export interface DemoElement {
  elementId: string;
  name: string;
  type: DemoElementType;
  /** The rows it shows. */
  dataset: 'sales' | 'orders' | 'accounts';
  /** Only the rows with these values (an element that shows none posts document:element:nodata). */
  where?: Record<string, string>;
  /** The query fails: the element shows this and posts workbook:chart:error. */
  failure?: { code: string; message: string };
  /** A "Generate iframe event" action on each row, posting action:outbound with this name. */
  action?: string;
}

export interface DemoPage {
  pageId: string;
  name: string;
  elements: DemoElement[];
}

export interface DemoWorkbook {
  /** The UUID the REST API names it by; URLs use the short url id. */
  workbookId: string;
  workbookUrlId: string;
  name: string;
  tags: string[];
  pages: DemoPage[];
}

export const REGIONS = ['East', 'West', 'North', 'South'] as const;
/** The id of the demo control; Sigma names workbook variables by control id. */
export const REGION_CONTROL = 'Region';

export const DEMO_WORKBOOKS: DemoWorkbook[] = [
  {
    workbookId: '0b6d1c52-6a8e-4c1f-9f3a-2d7e5b8c4a10',
    workbookUrlId: '3kQ7vN2pXb9sLm4Tz8Rw1c',
    name: 'Sales Performance',
    tags: ['production'],
    pages: [
      {
        pageId: 'overview',
        name: 'Overview',
        elements: [
          { elementId: 'region-control', name: 'Region', type: 'control', dataset: 'sales' },
          { elementId: 'revenue-chart', name: 'Revenue by region', type: 'bar-chart', dataset: 'sales' },
          { elementId: 'revenue-table', name: 'Monthly revenue', type: 'table', dataset: 'sales' },
          { elementId: 'revenue-pivot', name: 'Revenue by region and month', type: 'pivot-table', dataset: 'sales' },
        ],
      },
      {
        pageId: 'orders',
        name: 'Orders',
        elements: [
          { elementId: 'region-control-orders', name: 'Region', type: 'control', dataset: 'orders' },
          { elementId: 'orders-table', name: 'Recent orders', type: 'table', dataset: 'orders', action: 'order-clicked' },
        ],
      },
    ],
  },
  {
    workbookId: '5f2e8a17-3c4b-4d9e-8a6f-1b2c3d4e5f60',
    workbookUrlId: '7Hc2Lp9Vx4Nq1Bz6Kd3Mw8',
    name: 'Customer Health',
    tags: [],
    pages: [
      {
        pageId: 'accounts',
        name: 'Accounts',
        elements: [{ elementId: 'accounts-table', name: 'Accounts at risk', type: 'table', dataset: 'accounts' }],
      },
      {
        // Elements that go wrong on purpose, on a page of their own so the others load clean.
        pageId: 'checks',
        name: 'Data checks',
        elements: [
          {
            elementId: 'forecast-chart',
            name: 'Churn forecast',
            type: 'bar-chart',
            dataset: 'accounts',
            failure: { code: 'ETIMEDOUT', message: 'The warehouse query for this chart timed out.' },
          },
          { elementId: 'antarctica-table', name: 'Accounts in Antarctica', type: 'table', dataset: 'accounts', where: { region: 'Antarctica' } },
        ],
      },
    ],
  },
];

/** Teams and members the REST API lists: a team's name is what the `teams` claim carries. */
export const DEMO_TEAMS = [
  { teamId: 'a3e1c9d2-0f4b-4e27-9b1d-6c8f2e4a7b01', name: 'Sales', description: 'Account executives and their managers' },
  { teamId: 'b7f2d0e3-1a5c-4f38-8c2e-7d9a3f5b8c02', name: 'Support', description: 'Customer support' },
  { teamId: 'c1a3e5f7-2b6d-4a49-9d3f-8e0b4a6c9d03', name: 'Finance', description: null },
  { teamId: 'd5b7f9a1-3c7e-4b5a-8e4a-9f1c5b7d0e04', name: 'Leadership', description: 'Executives' },
  { teamId: 'e9c1a3b5-4d8f-4c6b-9f5b-0a2d6c8e1f05', name: 'Partners', description: 'Embedded partner users' },
];

export const DEMO_MEMBERS = [
  { memberId: 'mem-ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', memberType: 'Viewer' },
  { memberId: 'mem-grace', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', memberType: 'Creator' },
  { memberId: 'mem-alan', email: 'alan@example.org', firstName: 'Alan', lastName: 'Turing', memberType: 'Admin' },
];

export type Row = Record<string, string | number> & { region: string };

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const CUSTOMERS = ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Tyrell'];

/** Deterministic figures: the same every run. */
const figure = (a: number, b: number, scale: number) => ((a * 7919 + b * 104_729) % 97) * scale + scale * 40;

export const DATASETS: Record<DemoElement['dataset'], Row[]> = {
  sales: REGIONS.flatMap((region, r) => MONTHS.map((month, m) => ({ region, month, revenue: figure(r + 1, m + 1, 1000), orders: figure(m + 2, r + 3, 3) }))),
  orders: CUSTOMERS.map((customer, i) => ({
    order: `SO-${1040 + i}`,
    customer,
    region: REGIONS[i % REGIONS.length],
    amount: figure(i + 5, i + 1, 120),
  })),
  accounts: CUSTOMERS.map((account, i) => ({ account, region: REGIONS[(i + 1) % REGIONS.length], health: 35 + ((i * 37) % 60) })),
};

export function findWorkbook(urlId: string | undefined): DemoWorkbook | undefined {
  return DEMO_WORKBOOKS.find((w) => w.workbookUrlId === urlId);
}

/** The URL path of a demo workbook, the way Sigma writes it: name (spaces as -) then url id. */
export function workbookPath(workbook: DemoWorkbook): string {
  return `/${DEMO_ORG}/workbook/${workbookSlug(workbook.name)}-${workbook.workbookUrlId}`;
}

/**
 * The demo data model, served at /demo/data-model/Sales-Model-{urlId} (the URL syntax Sigma
 * leaves undocumented is read like a workbook's: shared/target.ts DocumentType). It has the
 * shape of a workbook, so the embed page draws it as one.
 */
export const DEMO_DATA_MODEL: DemoWorkbook = {
  workbookId: '9a4c2e71-8b3d-4f5a-9c6e-3d2b1a0f9e81',
  workbookUrlId: '4Tm8Qx2Rv6Ns1Kb9Zc3Wd7',
  name: 'Sales Model',
  tags: ['certified'],
  pages: [
    {
      pageId: 'model',
      name: 'Model',
      elements: [
        { elementId: 'model-sales', name: 'Sales', type: 'table', dataset: 'sales' },
        { elementId: 'model-orders', name: 'Orders', type: 'table', dataset: 'orders' },
      ],
    },
  ],
};

export const dataModelPath = (model: DemoWorkbook): string => `/${DEMO_ORG}/data-model/${workbookSlug(model.name)}-${model.workbookUrlId}`;
