/**
 * A server value as the browser receives it in JSON: every Date an ISO string. Client code that
 * reads the API types its results with this, so a field that is a Date on the server is not
 * taken for one in the browser.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Wire<Item>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
