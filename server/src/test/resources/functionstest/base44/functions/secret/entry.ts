// Reads a secret set with `homebase secrets set`, and lists the variable names it was given.
Deno.serve(() => Response.json({
  greeting: Deno.env.get("GREETING") ?? null,
  names: Object.keys(Deno.env.toObject()).sort(),
}));
