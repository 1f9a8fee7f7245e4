// The payload case's request body: an order of items, as JSON, of an exact
// size, and the summary every variant must answer with. Pure.

export interface Summary {
  count: number;
  totalCents: number;
}

interface Item {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  quantity: number;
  tags: string[];
}

function item(id: number): Item {
  return {
    id,
    sku: `SKU-${String(id).padStart(6, '0')}`,
    name: `Item number ${id}`,
    priceCents: 100 + ((id * 7919) % 9900),
    quantity: 1 + (id % 5),
    tags: ['bench', id % 2 === 0 ? 'even' : 'odd'],
  };
}

/** A JSON order exactly `bytes` long (padded with a note), and its summary. */
export function makeOrder(bytes: number): { json: string; expected: Summary } {
  const render = (items: Item[], note: string) => JSON.stringify({ items, note });
  const items: Item[] = [];
  // Each item adds its own JSON and, after the first, a comma.
  let length = render([], '').length;
  for (;;) {
    const next = item(items.length + 1);
    const added = JSON.stringify(next).length + (items.length > 0 ? 1 : 0);
    if (length + added > bytes) break;
    items.push(next);
    length += added;
  }
  if (items.length === 0) throw new Error(`an order of ${bytes} bytes cannot hold even one item`);
  const json = render(items, 'x'.repeat(bytes - length));
  return { json, expected: { count: items.length, totalCents: items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0) } };
}

/** Whether an answer's body is the summary expected (field order aside). */
export function isSummary(body: string, expected: Summary): boolean {
  try {
    const got = JSON.parse(body) as Partial<Summary>;
    return got.count === expected.count && got.totalCents === expected.totalCents;
  } catch {
    return false;
  }
}
