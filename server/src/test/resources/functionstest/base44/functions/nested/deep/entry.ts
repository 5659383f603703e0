export default (req: Request) => Response.json({ name: "nested/deep", path: new URL(req.url).pathname });
