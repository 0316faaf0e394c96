package dev.marketplace.contact;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The delivery poller runs on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ContactConfig {}
