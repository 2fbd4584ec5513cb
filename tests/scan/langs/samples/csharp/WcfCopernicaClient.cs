using System.ServiceModel;
using System.Threading.Tasks;

// svcutil (WCF) client of the Copernica SOAP API, login session model.
public static class WcfCopernicaClient
{
    public static async Task<POMPortTypeClient> ConnectAsync(string user, string password, string account)
    {
        var binding = new BasicHttpsBinding { AllowCookies = true }; // expect: COP103
        var client = new POMPortTypeClient(binding, new EndpointAddress("https://soap.copernica.com/"));
        await client.loginAsync(new input_login { username = user, account = account, password = password }); // expect: COP101
        return client;
    }
}
