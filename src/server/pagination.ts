import { z } from 'zod';

/** Query fields every paginated list accepts: `?page=1&page_size=50`. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});

export type PageQuery = z.output<typeof pageQuery>;

/** The shape of every paginated list response. */
export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

/** Cuts one page out of an in-memory list. */
export function paginate<T>(all: readonly T[], query: PageQuery): PageOf<T> {
  const start = (query.page - 1) * query.page_size;
  return { items: all.slice(start, start + query.page_size), total: all.length, ...pick(query) };
}

function pick(query: PageQuery): { page: number; page_size: number } {
  return { page: query.page, page_size: query.page_size };
}

/** Schema of a paginated response (for the OpenAPI document). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });
}
