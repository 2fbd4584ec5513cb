// Copernica REST API: not SOAP, never flagged.
const token = process.env.COPERNICA_ACCESS_TOKEN;

async function databases() {
  const v3 = await fetch(`https://api.copernica.com/v3/databases?access_token=${token}`);
  const v4 = await fetch('https://api.copernica.com/v4/databases', {
    headers: { Authorization: `Bearer ${token}`, Cookie: 'consent=1' },
  });
  return [await v3.json(), await v4.json()];
}

module.exports = { databases };
