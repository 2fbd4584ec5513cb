package com.example.newsletter;

// Migrated: access token inside every call's parameters, no login, no session.
public class TokenCopernicaExample {
    private final POMPortType service = new POMSOAPAPI().getPOMPort();
    private final String accessToken = System.getenv("COPERNICA_ACCESS_TOKEN");

    public Result databases() {
        InputAccountDatabases input = new InputAccountDatabases();
        input.setAllproperties(true);
        input.setAccessToken(accessToken);
        return service.accountDatabases(input);
    }
}
