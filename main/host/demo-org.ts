/**
 * The demo org the local embed host serves: a few workbooks with pages and elements, teams, and
 * sales data with a region column, so row-level security through a user attribute can be seen.
 * Everything is fixed, so tests and screenshots are repeatable.
 */
export const DEMO_ORG = 'demo';

export type DemoElementType = 'table' | 'bar-chart' | 'control';

export interface DemoElement {
  elementId: string;
  name: string;
  type: DemoElementType;
  /** The rows it shows. */
  dataset: 'sales' | 'orders' | 'accounts';
}

export interface DemoPage {
  pageId: string;
  name: string;
  elements: DemoElement[];
}

export interface DemoWorkbook {
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
        ],
      },
      {
        pageId: 'orders',
        name: 'Orders',
        elements: [
          { elementId: 'region-control-orders', name: 'Region', type: 'control', dataset: 'orders' },
          { elementId: 'orders-table', name: 'Recent orders', type: 'table', dataset: 'orders' },
        ],
      },
    ],
  },
  {
    workbookUrlId: '7Hc2Lp9Vx4Nq1Bz6Kd3Mw8',
    name: 'Customer Health',
    tags: [],
    pages: [
      {
        pageId: 'accounts',
        name: 'Accounts',
        elements: [{ elementId: 'accounts-table', name: 'Accounts at risk', type: 'table', dataset: 'accounts' }],
      },
    ],
  },
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
  return `/${DEMO_ORG}/workbook/${workbook.name.replace(/\s+/g, '-')}-${workbook.workbookUrlId}`;
}
