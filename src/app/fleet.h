/* app/fleet.h - clinic IT's commands for running many kiosks:
 *   accord content keygen KEYFILE          a signing key pair
 *   accord content sign --key KEYFILE [--out FILE] DIR
 *   accord content verify --pubkey KEY FILE
 *   accord content binary FILE             the signed file as a FHIR Binary
 *   accord content pull [--config FILE] [--data DIR]   fetch + check + stage now
 *   accord heartbeat [--config FILE] [--data DIR]      send one heartbeat now
 *   accord fleet --fhir URL [--ca FILE] [--token-file FILE] [--clinic NAME] [--stale-minutes N] [--stuck-minutes N]
 * Each returns the process exit code. */
#ifndef APP_FLEET_H
#define APP_FLEET_H

int fleet_content_main(int argc, char **argv);   /* argv[0] is "content" */
int fleet_main(int argc, char **argv);           /* argv[0] is "fleet" */
int fleet_heartbeat_main(int argc, char **argv); /* argv[0] is "heartbeat" */
#endif
