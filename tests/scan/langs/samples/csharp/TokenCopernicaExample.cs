using System;

// Migrated: access token in every call's parameters.
public class TokenCopernicaExample
{
    private readonly POM_SOAP_API soap = new POM_SOAP_API();
    private readonly string accessToken = Environment.GetEnvironmentVariable("COPERNICA_ACCESS_TOKEN");

    public Result Databases()
    {
        var input = new input_Account_databases { allproperties = true, access_token = accessToken };
        return soap.Account_databases(input);
    }
}
