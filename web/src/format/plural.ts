/** '1 posible duplicado' · '3 posibles duplicados': Spanish agrees the noun (and its adjectives) with the count. */
export function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
