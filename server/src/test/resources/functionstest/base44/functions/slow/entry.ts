Deno.serve(async () => {
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  return Response.json({ late: true });
});
