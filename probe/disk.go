package probe

import (
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// DataDir is where the distributions keep their data (/var/lib/rancher/k3s,
// /var/lib/k0s, ...); the disk facts describe the filesystem that holds it.
const DataDir = "/var/lib"

func (p prober) disk(h *Host) {
	dir := DataDir
	for {
		if p.root.IsDir(dir) {
			break
		}
		if dir == "/" {
			h.miss("disk", fmt.Errorf("no %s and no parent of it under the root", DataDir))
			return
		}
		dir = filepath.Dir(dir)
	}
	h.Disk.Path = dir
	fs, err := p.opt.Statfs(dir)
	if err != nil {
		h.miss("disk", err)
		return
	}
	free := fs.FreeBytes
	h.Disk.FreeBytes, h.Disk.TotalBytes = &free, fs.TotalBytes
	p.storage(h, fs)
}

// FS is what statfs(2) and stat(2) say of the filesystem holding a path.
type FS struct {
	FreeBytes, TotalBytes uint64
	Type                  int64  // statfs's f_type magic number; 0 when unknown
	Dev                   uint64 // stat's st_dev: the block device, as major:minor
}

// fsTypes names statfs(2)'s magic numbers (linux/magic.h).
var fsTypes = map[int64]string{
	0xEF53: "ext4", 0x58465342: "xfs", 0x9123683E: "btrfs", 0x2FC12FC1: "zfs", 0x01021994: "tmpfs",
	0x794C7630: "overlay", 0xF2F52010: "f2fs", 0x4D44: "vfat", 0x73717368: "squashfs", 0x6969: "nfs",
	0x65735546: "fuse", 0x63677270: "cgroup2", 0x27E0EB: "cgroup", 0x5346544E: "ntfs", 0x9FA0: "proc",
	0x62656572: "sysfs", 0xFF534D42: "cifs", 0x3153464A: "jfs", 0x52654973: "reiserfs",
}

// storage names the filesystem and the disk under the data directory, in
// constant time: statfs's magic number, and stat's device through
// /sys/dev/block/MAJ:MIN (no mount table to read, however many mounts).
func (p prober) storage(h *Host, fs FS) {
	if fs.Type != 0 {
		if name, ok := fsTypes[fs.Type]; ok {
			h.Disk.FSType = name
		} else {
			h.Disk.FSType = fmt.Sprintf("0x%x", fs.Type)
		}
	}
	if fs.Dev == 0 {
		h.miss("disk.media", fmt.Errorf("the device under %s is unknown", h.Disk.Path))
		return
	}
	dev := "/sys/dev/block/" + majorMinor(fs.Dev)
	link, err := p.root.Readlink(dev)
	if err != nil {
		h.miss("disk.media", fmt.Errorf("%s is on %s, not a block device kfit can see (%v)", h.Disk.Path, orNone(h.Disk.FSType), err))
		return
	}
	diskDir := path.Join(path.Dir(dev), link)
	if p.root.Exists(diskDir + "/partition") {
		diskDir = path.Dir(diskDir)
	}
	h.Disk.Device = path.Base(diskDir)
	if sectors, err := p.readLine(diskDir + "/size"); err == nil {
		if n, err := strconv.ParseUint(sectors, 10, 64); err == nil {
			h.Disk.DeviceBytes = n * 512 // sysfs counts 512-byte sectors whatever the disk's own
		}
	}
	if m, err := p.media(diskDir, 0); err != nil {
		h.miss("disk.media", err)
	} else {
		h.Disk.Media = m
	}
}

// media says what a whole disk is: "sd" for an SD card or eMMC, "virtual"
// for a disk a hypervisor makes up, else "hdd" or "ssd" by the kernel's
// rotational flag. A hypervisor sets that flag as it likes (QEMU's virtio
// disks and most emulated SCSI disks say 1, rotating, whatever backs them:
// the captured KVM guest in testdata/hosts/kvm-xeon-2vcpu-2g has a virtio
// vda with queue/rotational 1), so a virtual disk's flag is not believed.
// A device-mapper or md device (LVM, LUKS, RAID) is what its slaves are.
func (p prober) media(diskDir string, depth int) (string, error) {
	name := path.Base(diskDir)
	switch {
	case strings.HasPrefix(name, "mmcblk"):
		return "sd", nil
	case isVirtualDisk(name, p.deviceID(diskDir)):
		return "virtual", nil
	case (strings.HasPrefix(name, "dm-") || strings.HasPrefix(name, "md")) && depth < 4:
		if m, ok := p.slavesMedia(diskDir, depth); ok {
			return m, nil
		}
	}
	rot, err := p.readLine(diskDir + "/queue/rotational")
	switch {
	case err != nil:
		return "", err
	case rot == "1":
		return "hdd", nil
	}
	return "ssd", nil
}

// deviceID is the disk's vendor and model as the kernel reads them from the
// device (SCSI INQUIRY: "VMware  " "Virtual disk    "; NVMe: the model
// only), lower case and joined by a space; "" when there is none.
func (p prober) deviceID(diskDir string) string {
	var id []string
	for _, f := range []string{"vendor", "model"} {
		if v, err := p.readLine(diskDir + "/device/" + f); err == nil {
			id = append(id, strings.ToLower(strings.TrimSpace(v)))
		}
	}
	return strings.Join(id, " ")
}

// virtualDiskIDs are vendor or model strings of disks that hypervisors and
// clouds make up: VMware ("VMware" "Virtual disk"), Hyper-V and Azure
// ("Msft" "Virtual Disk"), QEMU's emulated SCSI and ATA disks ("QEMU"
// "QEMU HARDDISK", also Xen HVM's), VirtualBox ("VBOX HARDDISK"), Google
// Compute Engine ("Google" "PersistentDisk") and AWS EBS on NVMe ("Amazon
// Elastic Block Store", which may be backed by rotating st1/sc1 volumes).
var virtualDiskIDs = []string{"vmware", "virtual disk", "qemu", "vbox harddisk", "persistentdisk", "amazon elastic block store"}

// isVirtualDisk says whether a disk is one a hypervisor makes up: by its
// driver's name (virtio-blk's vd*, Xen blkfront's xvd*) or by its vendor
// and model.
func isVirtualDisk(name, id string) bool {
	if strings.HasPrefix(name, "vd") || strings.HasPrefix(name, "xvd") {
		return true
	}
	for _, v := range virtualDiskIDs {
		if strings.Contains(id, v) {
			return true
		}
	}
	return false
}

// slavesMedia is the media of the disks under a device-mapper or md device,
// the worst of them (a volume on one rotating disk is as slow as that disk);
// ok is false when the slaves cannot be read or there are none.
func (p prober) slavesMedia(diskDir string, depth int) (string, bool) {
	dir := diskDir + "/slaves"
	names, err := p.root.ReadDir(dir)
	if err != nil || len(names) == 0 || len(names) > 64 {
		return "", false
	}
	rank := map[string]int{"ssd": 0, "virtual": 1, "sd": 2, "hdd": 3}
	worst := ""
	for _, n := range names {
		link, err := p.root.Readlink(dir + "/" + n)
		if err != nil {
			return "", false
		}
		d := path.Join(dir, link)
		if p.root.Exists(d + "/partition") {
			d = path.Dir(d)
		}
		m, err := p.media(d, depth+1)
		if err != nil {
			return "", false
		}
		if worst == "" || rank[m] > rank[worst] {
			worst = m
		}
	}
	return worst, true
}

func orNone(s string) string {
	if s == "" {
		return "an unknown filesystem"
	}
	return s
}

// Disk describes the filesystem that will hold a distribution's data.
type Disk struct {
	Path       string  `json:"path,omitempty" clean:"1024"` // /var/lib, or its nearest existing parent
	FreeBytes  *uint64 `json:"freeBytes,omitempty"`
	TotalBytes uint64  `json:"totalBytes,omitempty"`
	FSType     string  `json:"fsType,omitempty"` // ext4, btrfs, overlay, ...
	Device     string  `json:"device,omitempty"` // the whole disk: sda, nvme0n1, mmcblk0
	// DeviceBytes is the size of that whole disk (an OS that installs on a
	// whole disk, such as Talos, needs it).
	DeviceBytes uint64 `json:"deviceBytes,omitempty"`
	// Media is "ssd", "hdd" (rotational), "sd" (an SD card or eMMC) or
	// "virtual" (a disk a hypervisor makes up: what backs it is unknown).
	Media string `json:"media,omitempty"`
	// Fsync is the measured latency of fdatasync in Path (kfit --measure);
	// nil when not measured.
	Fsync *Fsync `json:"fsync,omitempty"`
}
