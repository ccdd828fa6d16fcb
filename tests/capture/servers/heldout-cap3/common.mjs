// Shared bits of the cap3 held-out Node servers: the port from argv, the
// throwaway signing secret, the landing page every browser scenario opens first.
export const PORT = Number(process.argv[2] || process.env.PORT);
export const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
export const AUD = 'why401-api';
export const page = (name) => `<!doctype html><meta charset="utf-8"><title>${name}</title><p>${name} (why401 held-out scenario server)</p>`;
