#!/bin/sh
# Finishes the .deb that jpackage built (run by the installer-linux profile of installer/pom.xml):
#   finish-deb.sh target/jpackage/flotilla_<version>-<release>_<arch>.deb
#
# jpackage puts everything under /opt/<package>, the copyright file included, and offers only
# xdg-utils scripts for a menu entry (they fail, and fail the install, on a machine without a
# system menu folder). So, in place:
#   - the copyright moves to /usr/share/doc/<package>/copyright, next to changelog.Debian.gz;
#   - the menu entry and its icon are shipped as plain files owned by dpkg
#     (/usr/share/applications, /usr/share/icons/hicolor): dpkg creates missing folders itself,
#     removes the files with the package, and desktop-file-utils / hicolor-icon-theme refresh
#     their caches through dpkg triggers if they are installed; nothing here can fail an install;
#   - jpackage's maintainer scripts are dropped: without shortcuts or services they do nothing,
#     and a package without scripts cannot fail in one;
#   - md5sums and Installed-Size are (re)computed; a lintian override explains the one tag that
#     only concerns uploads to the Debian archive.
set -eu

deb=${1:?usage: finish-deb.sh <package.deb>}
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$deb" ] || { echo "finish-deb: no such package: $deb" >&2; exit 1; }
for tool in dpkg-deb fakeroot gzip md5sum; do
    command -v "$tool" >/dev/null 2>&1 || { echo "finish-deb: $tool is required" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/finish-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/root"
# as root this keeps owners; the rebuild below forces root:root anyway
dpkg-deb --raw-extract "$deb" "$root"

pkg=$(sed -n 's/^Package: //p' "$root/DEBIAN/control")
[ -d "$root/opt/$pkg" ] || { echo "finish-deb: /opt/$pkg missing in $deb" >&2; exit 1; }

# documentation where Debian policy wants it
doc="$root/usr/share/doc/$pkg"
mkdir -p "$doc"
if [ -f "$root/opt/$pkg/share/doc/copyright" ]; then
    mv "$root/opt/$pkg/share/doc/copyright" "$doc/copyright"
    rmdir "$root/opt/$pkg/share/doc" "$root/opt/$pkg/share" 2>/dev/null || true
elif [ ! -f "$doc/copyright" ]; then   # not there and not finished before: jpackage changed
    echo "finish-deb: no copyright file in $deb" >&2; exit 1
fi
gzip -9 -n -c "$here/changelog" > "$doc/changelog.Debian.gz"

# lintian overrides for tags that do not apply to a package outside the Debian archive
mkdir -p "$root/usr/share/lintian/overrides"
cp "$here/lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"

# menu entry and icon, as files of the package
mkdir -p "$root/usr/share/applications" "$root/usr/share/icons/hicolor/256x256/apps"
cp "$here/flotilla.desktop" "$root/usr/share/applications/$pkg.desktop"
cp "$here/flotilla.png" "$root/usr/share/icons/hicolor/256x256/apps/$pkg.png"

# no maintainer scripts (see above)
rm -f "$root/DEBIAN/preinst" "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"

# normalise modes: directories 755, data files 644, executables keep 755
find "$root" -path "$root/DEBIAN" -prune -o -type d -exec chmod 0755 {} +
chmod 0644 "$doc/copyright" "$doc/changelog.Debian.gz" "$root/usr/share/lintian/overrides/$pkg" \
    "$root/usr/share/applications/$pkg.desktop" "$root/usr/share/icons/hicolor/256x256/apps/$pkg.png"

# md5sums and Installed-Size
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort \
    | while IFS= read -r f; do md5sum "$f"; done) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums" "$root/DEBIAN/control"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -i -e "s/^Installed-Size: .*/Installed-Size: $size/" -e 's/ ,/,/g' -e '/^[[:space:]]*$/d' "$root/DEBIAN/control"

fakeroot dpkg-deb --root-owner-group -Zxz --build "$root" "$work/out.deb" >/dev/null
mv "$work/out.deb" "$deb"
echo "finish-deb: $(basename "$deb"): $(du -h "$deb" | cut -f1), Installed-Size ${size} KiB"
