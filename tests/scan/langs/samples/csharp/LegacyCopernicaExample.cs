using System;
using System.Net;
using System.Web.Services.Protocols;

// wsdl.exe proxy of https://soap.copernica.com/?SOAPAPI=WSDL, login session model.
public class LegacyCopernicaExample
{
    private readonly POM_SOAP_API soap = new POM_SOAP_API();

    public LegacyCopernicaExample(string username, string password, string account) // expect: COP102
    {
        soap.CookieContainer = new CookieContainer(); // expect: COP103
        soap.login(new input_login // expect: COP101
        {
            username = username,
            account = account,
            password = password,
        });
    }

    public Result Databases()
    {
        var input = new input_Account_databases { allproperties = true, allpropertiesSpecified = true };
        try
        {
            return soap.Account_databases(input);
        }
        catch (SoapException e) when (e.Message.Contains("Not logged on")) // expect: COP104
        {
            soap.login(new input_login { username = "user@example.com", account = "Account", password = "secret" }); // expect: COP101
            return soap.Account_databases(input);
        }
    }
}
