export default {
  fetch(req: Request): Response {
    return Response.json({ shape: "default-export", method: req.method });
  },
};
