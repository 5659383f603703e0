// Neither Deno.serve nor a default export.
export const notAHandler = 1;
