package com.example.newsletter;

import java.util.Map;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.soap.SOAPFaultException;

// JAX-WS port generated from https://soap.copernica.com/?SOAPAPI=WSDL (login session model).
public class LegacyCopernicaExample {
    private final POMPortType service;
    private final String username;
    private final String password;
    private final String account;

    public LegacyCopernicaExample(String username, String password, String account) { // expect: COP102
        this.username = username;
        this.password = password;
        this.account = account;
        this.service = new POMSOAPAPI().getPOMPort();
        Map<String, Object> context = ((BindingProvider) service).getRequestContext();
        context.put(BindingProvider.SESSION_MAINTAIN_PROPERTY, Boolean.TRUE); // expect: COP103
        login();
    }

    private void login() {
        InputLogin input = new InputLogin();
        input.setUsername(username);
        input.setAccount(account);
        input.setPassword(password);
        service.login(input); // expect: COP101
    }

    public Result databases() {
        InputAccountDatabases input = new InputAccountDatabases();
        input.setAllproperties(true);
        try {
            return service.accountDatabases(input);
        } catch (SOAPFaultException e) {
            if (!"Not logged on".equals(e.getFault().getFaultString())) { // expect: COP104
                throw e;
            }
            login();
            return service.accountDatabases(input);
        }
    }
}
