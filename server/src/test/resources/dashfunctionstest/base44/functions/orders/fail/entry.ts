// Always fails: prints a line on stderr, then answers 500 with a JSON message (the dashboard shows it as an alert).
Deno.serve((req: Request) => {
  console.error("payment service unreachable for " + req.method);
  return Response.json({ message: "Out of stock" }, { status: 500 });
});
