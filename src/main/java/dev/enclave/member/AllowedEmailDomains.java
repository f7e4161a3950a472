package dev.enclave.member;

import java.util.List;

/**
 * The tenant's rule for whom its members may invite: the domains whose addresses are allowed (lower case), empty
 * for any. The settings feature keeps it; declared here so that members do not depend on settings, which depends
 * on members for its own access rules.
 */
public interface AllowedEmailDomains {

    List<String> allowedEmailDomains();
}
