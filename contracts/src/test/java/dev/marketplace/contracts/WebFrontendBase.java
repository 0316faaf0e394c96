package dev.marketplace.contracts;

/** Base class of the tests generated from {@code contracts/web-frontend/} (see the plugin's baseClassMappings). */
public abstract class WebFrontendBase extends ContractTestBase {}
