/*
 * The firmware's network stack for the efi64 module.
 *
 * syslinux.efi 6.04 exports to modules neither the UEFI system table nor
 * its DHCP reply nor its UDP (its pxe_dns always fails).  The system table
 * pointer that gnu-efi keeps (ST) lies in syslinux.efi's data, whose bounds
 * the core does export: the module looks there for a pointer to a valid
 * system table (signature, header size, boot services signature), reading
 * only what the page tables map.  From the boot services it takes the PXE
 * Base Code protocol that has a DHCP reply (the one that loaded
 * syslinux.efi: the firmware's own, or iPXE's): its cached packets give
 * the DHCP facts, and its UdpWrite/UdpRead carry DNS.
 */
#include <errno.h>
#include <string.h>
#include <efi.h>
#include "efi_net.h"

/* The bounds of syslinux.efi's data (exported by the core). */
extern char __data_start[], __data_end[], __bss_start[], __bss_end[];
extern char __hugebss_start[], __hugebss_end[];

static EFI_SYSTEM_TABLE *st;
static EFI_PXE_BASE_CODE_PROTOCOL *pxe;
static EFI_HANDLE pxe_handle; /* the handle pxe is on: the NIC's */
static CHAR16 *load_options;  /* a loaded image's, freed when it ends */

/*
 * When iPXE (a UEFI ROM, snponly.efi, ipxe.efi) loaded syslinux.efi, the
 * PXE Base Code is iPXE's: its UDP claims the NIC, and until the claim
 * ends the firmware's own network stack (which syslinux.efi's TFTP uses)
 * gets nothing.  Its Stop() ends the claim (iPXE's download protocol's
 * Poll() was tried: it does not) and Start() puts the mode back as it
 * was.  iPXE is recognised by its download protocol on the same handle.
 */
#define IPXE_DOWNLOAD_PROTOCOL_GUID                                            \
	{                                                                      \
		0x3eaeaebd, 0xdecf, 0x493b,                                    \
		{                                                              \
			0x9b, 0xd1, 0xcd, 0xb2, 0xde, 0xca, 0xe7, 0x19         \
		}                                                              \
	}

struct ipxe_download_protocol {
	void *start, *abort;
	EFI_STATUS(EFIAPI *poll)(struct ipxe_download_protocol *self);
};

static struct ipxe_download_protocol *ipxe_download;

#define PAGE_ADDR_MASK 0x000ffffffffff000ull
#define PTE_PRESENT    0x1ull
#define PTE_LARGE      0x80ull
#define CR4_LA57       (1ull << 12)

/**
 * Is a virtual address mapped?  UEFI runs with identity-mapped page tables,
 * so the tables themselves can be read at their physical addresses.
 *
 * @v addr	address
 * @ret mapped	1 if reading it cannot fault
 */
static int efi_net_mapped(uint64_t addr)
{
	uint64_t cr3, cr4, entry;
	const uint64_t *table;
	int level;

	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	level = (cr4 & CR4_LA57) ? 5 : 4;
	if (addr >> (12 + 9 * level - 1))
		return 0; /* not a low canonical address */
	table = (const uint64_t *)(uintptr_t)(cr3 & PAGE_ADDR_MASK);
	for (; level > 0; level--) {
		entry = table[(addr >> (12 + 9 * (level - 1))) & 511];
		if (!(entry & PTE_PRESENT))
			return 0;
		/* A 1 GiB or 2 MiB page ends the walk */
		if (level == 1 || (level <= 3 && (entry & PTE_LARGE)))
			return 1;
		table = (const uint64_t *)(uintptr_t)(entry & PAGE_ADDR_MASK);
	}
	return 1;
}

/** Can size bytes at addr be read without a fault? */
static int efi_net_readable(uint64_t addr, uint64_t size)
{
	uint64_t page;

	if (addr + size < addr)
		return 0;
	for (page = addr & ~0xfffull; page < addr + size; page += 0x1000)
		if (!efi_net_mapped(page))
			return 0;
	return 1;
}

/**
 * Is there a UEFI system table at addr?
 *
 * @v addr	candidate address
 * @ret st	the table, or NULL
 */
static EFI_SYSTEM_TABLE *efi_net_check_st(uint64_t addr)
{
	EFI_SYSTEM_TABLE *t = (EFI_SYSTEM_TABLE *)(uintptr_t)addr;
	uint64_t bs;

	if (addr == 0 || (addr & 7) || !efi_net_readable(addr, sizeof(*t)))
		return NULL;
	if (t->Hdr.Signature != EFI_SYSTEM_TABLE_SIGNATURE ||
	    t->Hdr.HeaderSize < sizeof(*t))
		return NULL;
	bs = (uintptr_t)t->BootServices;
	if (bs == 0 || (bs & 7) ||
	    !efi_net_readable(bs, sizeof(EFI_BOOT_SERVICES)) ||
	    t->BootServices->Hdr.Signature != EFI_BOOT_SERVICES_SIGNATURE)
		return NULL;
	return t;
}

/** Look for a pointer to the system table in [from, to). */
static EFI_SYSTEM_TABLE *efi_net_scan(const char *from, const char *to)
{
	const uint64_t *p = (const uint64_t *)(((uintptr_t)from + 7) & ~7ul);
	EFI_SYSTEM_TABLE *t;

	for (; (const char *)(p + 1) <= to; p++) {
		/* Skip the core's big buffers */
		if ((const char *)p >= __hugebss_start &&
		    (const char *)p < __hugebss_end)
			continue;
		t = efi_net_check_st(*p);
		if (t)
			return t;
	}
	return NULL;
}

/**
 * Find the system table and the PXE Base Code protocol with a DHCP reply.
 *
 * @ret rc	0; -ENOSYS (no system table found), -ENODEV (no PXE Base
 *		Code with a DHCP reply)
 */
int efi_net_open(void)
{
	EFI_GUID guid = EFI_PXE_BASE_CODE_PROTOCOL_GUID;
	EFI_GUID ipxe_guid = IPXE_DOWNLOAD_PROTOCOL_GUID;
	EFI_BOOT_SERVICES *bs;
	EFI_PXE_BASE_CODE_PROTOCOL *p;
	EFI_HANDLE *handles;
	UINTN n, i;

	/* The system table */
	if (!st)
		st = efi_net_scan(__data_start, __data_end);
	if (!st)
		st = efi_net_scan(__bss_start, __bss_end);
	if (!st)
		return -ENOSYS;
	bs = st->BootServices;

	/* The PXE Base Code that ran DHCP */
	if (bs->LocateHandleBuffer(ByProtocol, &guid, NULL, &n, &handles) !=
	    EFI_SUCCESS)
		return -ENODEV;
	for (i = 0; i < n && !pxe; i++) {
		if (bs->HandleProtocol(handles[i], &guid, (void **)&p) !=
		    EFI_SUCCESS)
			continue;
		if (!p->Mode || !p->Mode->Started ||
		    !p->Mode->DhcpAckReceived || p->Mode->UsingIpv6)
			continue;
		pxe = p;
		pxe_handle = handles[i];
		if (bs->HandleProtocol(handles[i], &ipxe_guid,
				       (void **)&ipxe_download) != EFI_SUCCESS)
			ipxe_download = NULL;
	}
	bs->FreePool(handles);
	return pxe ? 0 : -ENODEV;
}

/**
 * One of the cached DHCP packets.
 *
 * @v which	which packet
 * @ret pkt	the packet (the firmware's copy)
 * @ret len	its length
 * @ret rc	0, or -ENOENT when the firmware has not received it
 */
int efi_net_packet(enum efi_net_packet which, const uint8_t **pkt, size_t *len)
{
	EFI_PXE_BASE_CODE_MODE *m;
	EFI_PXE_BASE_CODE_PACKET *p;

	if (!pxe)
		return -ENOENT;
	m = pxe->Mode;
	switch (which) {
	case EFI_NET_DHCP_ACK:
		p = m->DhcpAckReceived ? &m->DhcpAck : NULL;
		break;
	case EFI_NET_PROXY_OFFER:
		p = m->ProxyOfferReceived ? &m->ProxyOffer : NULL;
		break;
	case EFI_NET_PXE_REPLY:
		p = m->PxeReplyReceived ? &m->PxeReply : NULL;
		break;
	default:
		p = NULL;
	}
	if (!p)
		return -ENOENT;
	*pkt = p->Raw;
	*len = sizeof(p->Raw);
	return 0;
}

/** An IPv4 address (host order) as the protocol takes it. */
static void efi_net_ip(uint32_t addr, EFI_IP_ADDRESS *ip)
{
	memset(ip, 0, sizeof(*ip));
	ip->v4.Addr[0] = (UINT8)(addr >> 24);
	ip->v4.Addr[1] = (UINT8)(addr >> 16);
	ip->v4.Addr[2] = (UINT8)(addr >> 8);
	ip->v4.Addr[3] = (UINT8)addr;
}

/**
 * Send one UDP datagram.
 *
 * @v dest	destination address (host order)
 * @v gateway	the router to send it through, 0 for the local network
 * @ret rc	0 or -EIO
 */
int efi_net_udp_send(uint32_t dest, uint32_t gateway, uint16_t src_port,
		     uint16_t dest_port, const void *buf, size_t len)
{
	EFI_IP_ADDRESS d, g;
	EFI_PXE_BASE_CODE_UDP_PORT sp = src_port, dp = dest_port;
	UINTN n = len;

	if (!pxe)
		return -EIO;
	efi_net_ip(dest, &d);
	efi_net_ip(gateway, &g);
	if (pxe->UdpWrite(pxe, 0, &d, &dp, gateway ? &g : NULL, NULL, &sp, NULL,
			  NULL, &n, (void *)buf) != EFI_SUCCESS)
		return -EIO;
	return 0;
}

/**
 * Receive one UDP datagram sent to port, if one has come.
 *
 * @v port	our port
 * @v buf	buffer
 * @v len	its size; on return, the datagram's length
 * @ret src	sender's address (host order)
 * @ret src_port sender's port
 * @ret rc	0; -EAGAIN (nothing yet), -EIO
 */
int efi_net_udp_recv(uint16_t port, void *buf, size_t *len, uint32_t *src,
		     uint16_t *src_port)
{
	EFI_IP_ADDRESS s;
	EFI_PXE_BASE_CODE_UDP_PORT dp = port, sp = 0;
	UINTN n = *len;
	EFI_STATUS status;

	if (!pxe)
		return -EIO;
	memset(&s, 0, sizeof(s));
	status = pxe->UdpRead(pxe,
			      EFI_PXE_BASE_CODE_UDP_OPFLAGS_ANY_SRC_IP |
				  EFI_PXE_BASE_CODE_UDP_OPFLAGS_ANY_SRC_PORT |
				  EFI_PXE_BASE_CODE_UDP_OPFLAGS_ANY_DEST_IP,
			      NULL, &dp, &s, &sp, NULL, NULL, &n, buf);
	if (status == EFI_TIMEOUT)
		return -EAGAIN;
	if (status != EFI_SUCCESS)
		return -EIO;
	*len = n;
	*src = ((uint32_t)s.v4.Addr[0] << 24) | ((uint32_t)s.v4.Addr[1] << 16) |
	       ((uint32_t)s.v4.Addr[2] << 8) | s.v4.Addr[3];
	*src_port = sp;
	return 0;
}

/**
 * The module is done with UDP for now: under iPXE, let the NIC go back to
 * the firmware's network stack (the firmware's own PXE Base Code needs
 * nothing).
 */
void efi_net_udp_done(void)
{
	if (ipxe_download) {
		pxe->Stop(pxe);
		pxe->Start(pxe, FALSE);
	}
}

/*
 * Starting an EFI image (iPXE) from memory.  syslinux.efi cannot: it has
 * no LoadImage.  The image's device path is the PXE Base Code handle's own
 * with a file node after it, so that the firmware makes that handle the
 * image's DeviceHandle (the longest match) and iPXE finds its NIC and the
 * cached DHCP packets there.
 */

/** The loaded image that holds syslinux.efi's data: the parent. */
static EFI_HANDLE efi_net_self(EFI_BOOT_SERVICES *bs)
{
	EFI_GUID guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE *handles, self = NULL;
	UINTN n, i;
	uintptr_t at = (uintptr_t)__data_start, base;

	if (bs->LocateHandleBuffer(ByProtocol, &guid, NULL, &n, &handles) !=
	    EFI_SUCCESS)
		return NULL;
	for (i = 0; i < n && !self; i++) {
		if (bs->HandleProtocol(handles[i], &guid, (void **)&li) !=
		    EFI_SUCCESS)
			continue;
		base = (uintptr_t)li->ImageBase;
		if (at >= base && at - base < li->ImageSize)
			self = handles[i];
	}
	bs->FreePool(handles);
	return self;
}

/**
 * The PXE Base Code handle's device path with a file node for name after
 * it (allocated from the pool).
 */
static EFI_DEVICE_PATH *efi_net_image_path(EFI_BOOT_SERVICES *bs,
					   const char *name)
{
	EFI_GUID guid = DEVICE_PATH_PROTOCOL;
	EFI_DEVICE_PATH *nic, *node, *path;
	UINTN len = 0, flen = 4 + 2 * (strlen(name) + 1), i;
	UINT8 *p;

	if (bs->HandleProtocol(pxe_handle, &guid, (void **)&nic) != EFI_SUCCESS)
		return NULL;
	for (node = nic; !IsDevicePathEnd(node);
	     node = NextDevicePathNode(node)) {
		if (DevicePathNodeLength(node) < 4)
			return NULL;
		len += DevicePathNodeLength(node);
	}
	if (flen > 0xffff || bs->AllocatePool(EfiLoaderData, len + flen + 4,
					      (void **)&path) != EFI_SUCCESS)
		return NULL;
	p = (UINT8 *)path;
	memcpy(p, nic, len);
	node = (EFI_DEVICE_PATH *)(p + len);
	node->Type = MEDIA_DEVICE_PATH;
	node->SubType = MEDIA_FILEPATH_DP;
	SetDevicePathNodeLength(node, flen);
	for (i = 0; i <= strlen(name); i++) {
		p[len + 4 + 2 * i] = (UINT8)name[i];
		p[len + 5 + 2 * i] = 0;
	}
	node = (EFI_DEVICE_PATH *)(p + len + flen);
	SetDevicePathEndNode(node);
	return path;
}

/**
 * Load an EFI image from memory on the NIC of the PXE Base Code, with a
 * command line (its LoadOptions: the name, a space, then cmdline).
 *
 * @v handle	the image's handle, for efi_net_run()
 * @v status	the firmware's status, when it refused
 * @ret rc	0; -ENOSYS (no system table or PXE Base Code), -ENOMEM,
 *		-EACCES (the firmware refused the image: Secure Boot),
 *		-ENOEXEC (not an image the firmware can load)
 */
int efi_net_load(const void *image, size_t len, const char *name,
		 const char *cmdline, void **handle, unsigned long *status)
{
	EFI_GUID guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_BOOT_SERVICES *bs;
	EFI_HANDLE parent, child = NULL;
	EFI_DEVICE_PATH *path;
	EFI_LOADED_IMAGE *li;
	EFI_STATUS s;
	CHAR16 *opts;
	size_t n = strlen(name) + 1 + strlen(cmdline) + 1, i;
	const char *c;

	*status = 0;
	if (!st || !pxe)
		return -ENOSYS;
	bs = st->BootServices;
	parent = efi_net_self(bs);
	path = efi_net_image_path(bs, name);
	if (!parent || !path) {
		if (path)
			bs->FreePool(path);
		return -ENOSYS;
	}
	s = bs->LoadImage(FALSE, parent, path, (void *)image, len, &child);
	bs->FreePool(path);
	*status = (unsigned long)s;
	if (s == EFI_ACCESS_DENIED || s == EFI_SECURITY_VIOLATION) {
		/* A refused image may still have been loaded (UEFI 2.x) */
		if (child)
			bs->UnloadImage(child);
		return -EACCES;
	}
	if (s != EFI_SUCCESS)
		return -ENOEXEC;
	if (bs->HandleProtocol(child, &guid, (void **)&li) != EFI_SUCCESS ||
	    n > 0x7fffffff / 2 ||
	    bs->AllocatePool(EfiLoaderData, 2 * n, (void **)&opts) !=
		EFI_SUCCESS) {
		bs->UnloadImage(child);
		return -ENOMEM;
	}
	/* ASCII to UCS-2: name, space, command line, NUL */
	for (i = 0, c = name; *c; c++)
		opts[i++] = (unsigned char)*c;
	opts[i++] = ' ';
	for (c = cmdline; *c; c++)
		opts[i++] = (unsigned char)*c;
	opts[i] = 0;
	li->LoadOptions = opts;
	li->LoadOptionsSize = (UINT32)(2 * n);
	load_options = opts;
	*handle = child;
	return 0;
}

/*
 * Debian 13's iPXE runs autoexec.ipxe, fetched by TFTP from the next
 * server of the cached packets, before the command line it was given
 * (both are images; the first registered runs).  A TFTP root that holds
 * autoexec.ipxe for iPXE as the stage1 would take the boot from the
 * script.  So while iPXE starts, the cached packets name no next server
 * (SetPackets, the protocol's own way to replace them): iPXE keeps the
 * lease, has no TFTP server to ask, and runs the script, whose locations
 * are all whole URLs.  The packets are not put back if iPXE returns: it
 * disconnects the firmware's network drivers, so the protocol instance
 * may be gone; the module and syslinux.efi keep their own copies.
 */
#define BOOTP_SIADDR 20 /* the next server's address in a BOOTP packet */

static void efi_net_hide_next_server(void)
{
	static EFI_PXE_BASE_CODE_PACKET copy[3];
	EFI_PXE_BASE_CODE_MODE *m = pxe->Mode;
	EFI_PXE_BASE_CODE_PACKET *p[3] = {NULL, NULL, NULL};
	BOOLEAN *got[3] = {NULL, NULL, NULL};
	BOOLEAN rcvd[3] = {m->DhcpAckReceived, m->ProxyOfferReceived,
			   m->PxeReplyReceived};
	int i;

	copy[0] = m->DhcpAck;
	copy[1] = m->ProxyOffer;
	copy[2] = m->PxeReply;
	for (i = 0; i < 3; i++) {
		if (!rcvd[i])
			continue;
		memset(copy[i].Raw + BOOTP_SIADDR, 0, 4);
		p[i] = &copy[i];
		got[i] = &rcvd[i];
	}
	pxe->SetPackets(pxe, NULL, got[0], got[1], NULL, got[2], NULL, NULL,
			p[0], p[1], NULL, p[2], NULL);
}

/**
 * Start an image that efi_net_load() loaded.  Returns only when the image
 * exits (its status in *status).
 */
void efi_net_run(void *handle, const char *msg, unsigned long *status)
{
	EFI_BOOT_SERVICES *bs = st->BootServices;
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = st->ConOut;
	CHAR16 line[128];
	size_t i;

	/* syslinux.efi's console and the firmware's keep different cursors:
	 * on a serial terminal iPXE's first lines landed over the module's.
	 * A clean screen, then msg through the firmware's console. */
	for (i = 0; msg[i] && i < sizeof(line) / sizeof(line[0]) - 3; i++)
		line[i] = (unsigned char)msg[i];
	line[i++] = '\r';
	line[i++] = '\n';
	line[i] = 0;
	if (out) {
		out->ClearScreen(out);
		out->OutputString(out, line);
	}
	efi_net_udp_done();
	efi_net_hide_next_server();
	*status = (unsigned long)bs->StartImage(handle, NULL, NULL);
	/* The image has ended (and is unloaded): its command line too */
	bs->FreePool(load_options);
	load_options = NULL;
	/* The firmware's network may have been taken over and given back:
	 * find its PXE Base Code again. */
	pxe = NULL;
	ipxe_download = NULL;
	efi_net_open();
}
