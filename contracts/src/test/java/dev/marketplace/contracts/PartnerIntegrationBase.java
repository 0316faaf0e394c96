package dev.marketplace.contracts;

/**
 * Base class of the tests generated from {@code contracts/partner-integration/} (see the plugin's
 * baseClassMappings). Partner contracts send their own {@code X-Request-Id} and expect it echoed.
 */
public abstract class PartnerIntegrationBase extends ContractTestBase {}
