/*
 * The firmware's network stack for the efi64 module: syslinux.efi (6.04)
 * shares neither its DHCP reply nor its UDP with modules, so the module
 * finds the UEFI system table itself and talks to the PXE Base Code
 * protocol that booted it.
 */
#ifndef COM32_EFI_NET_H
#define COM32_EFI_NET_H

#include <stddef.h>
#include <stdint.h>

/** Which cached DHCP packet (the PXE Base Code's mode). */
enum efi_net_packet {
	EFI_NET_DHCP_ACK,
	EFI_NET_PROXY_OFFER,
	EFI_NET_PXE_REPLY,
};

int efi_net_open(void);
int efi_net_packet(enum efi_net_packet which, const uint8_t **pkt, size_t *len);
int efi_net_udp_send(uint32_t dest, uint32_t gateway, uint16_t src_port,
		     uint16_t dest_port, const void *buf, size_t len);
int efi_net_udp_recv(uint16_t port, void *buf, size_t *len, uint32_t *src,
		     uint16_t *src_port);
void efi_net_udp_done(void);
int efi_net_load(const void *image, size_t len, const char *name,
		 const char *cmdline, void **handle, unsigned long *status);
void efi_net_run(void *handle, const char *msg, unsigned long *status);

#endif
