export default () => new Response("must not be reachable");
