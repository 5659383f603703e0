// A longer function name under "route": direct fetch picks the longest registered prefix.
export default (req: Request) => {
  const url = new URL(req.url);
  return Response.json({ name: "route/sub", path: url.pathname, search: url.search });
};
