Deno.serve(() => {
  throw new Error("internal detail that must stay in the log");
});
