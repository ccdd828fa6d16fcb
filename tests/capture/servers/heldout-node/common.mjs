// Shared bits of the held-out Node servers: the port from argv, the signing
// secret (same default as capture/), the landing page every scenario opens first.
export const PORT = Number(process.argv[2] || process.env.PORT);
export const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
export const IDP_ISS = 'https://login.idp.test/realms/why401';
export const IDP_AUD = 'why401-api';
export const page = (name) => `<!doctype html><meta charset="utf-8"><title>${name}</title><p>${name} (why401 held-out scenario server)</p>`;
