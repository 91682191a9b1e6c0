#!/usr/bin/env bash
# Builds Leadwire's installers with jpackage from what `mvn package` leaves in target/:
# leadwire.jar (its manifest's Class-Path points at lib/) and its dependencies in lib/.
#
#   installer/build.sh TARGET_DIR VERSION TYPE...
#
# TYPE: app-image and deb on Linux; msi on Windows (needs the WiX Toolset 3 on the PATH, and
# this script runs in Git for Windows' bash); dmg on macOS. jpackage builds only for the system
# it runs on. Output: TARGET_DIR/installer/. `mvn verify` runs it for the system it is on (pom.xml,
# profiles *-installers). Only app-image and deb have been run; msi and dmg never have.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$1"
version="$2"
shift 2
# jpackage takes numbers only (1 to 3 parts): 0.1.0-SNAPSHOT is packaged as 0.1.0.
app_version="${version%%-*}"
out="$target/installer"
input="$out/input"

rm -rf "$out"
mkdir -p "$input/lib"
cp "$target/leadwire.jar" "$input/"
cp "$target"/lib/*.jar "$input/lib/"
cp "$here/LICENSE.txt" "$input/"

# The version is given per type (macOS needs another one, below).
common=(
  --name leadwire
  --vendor "Leadwire"
  --description "Real-time lead delivery console and engine"
  --copyright "Copyright (c) 2026 Leadwire"
)
# The launcher runs io.leadwire.app.Main from the class path: no arguments open the console,
# `leadwire serve` runs the engine headless, and every admin command works the same way.
# The runtime is the JDK's, cut down by jlink to the modules the application uses (jdk.httpserver
# for the intake, java.net.http for pollers, jdk.crypto.ec for TLS with EC keys, ...).
modules="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.scripting,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.jsobject,jdk.localedata,jdk.management,jdk.net,jdk.unsupported,jdk.xml.dom,jdk.zipfs"

for type in "$@"; do
  case "$type" in
    app-image)
      jpackage --type app-image "${common[@]}" --app-version "$app_version" \
        --input "$input" --main-jar leadwire.jar --main-class io.leadwire.app.Main \
        --add-modules "$modules" --java-options "-Dfile.encoding=UTF-8" \
        --icon "$here/leadwire.png" --dest "$out"
      cp "$here/leadwire.png" "$here/leadwire.service" "$here/leadwire.conf" "$out/leadwire/lib/"
      ;;
    deb)
      [ -d "$out/leadwire" ] || { echo "build the app-image first: $0 $target $version app-image deb" >&2; exit 2; }
      # --resource-dir: our own desktop entry (leadwire.desktop) and icon replace jpackage's defaults,
      # and our postinst/prerm its maintainer scripts: they add /usr/bin/leadwire (update-alternatives).
      jpackage --type deb "${common[@]}" --app-version "$app_version" \
        --app-image "$out/leadwire" --resource-dir "$here" \
        --license-file "$here/LICENSE.txt" \
        --linux-package-name leadwire --linux-app-release 1 --linux-app-category misc \
        --linux-menu-group Office --linux-shortcut \
        --linux-package-deps "libgtk-3-0, libgl1, libxxf86vm1" \
        --linux-deb-maintainer "support@leadwire.invalid" \
        --dest "$out"
      ;;
    msi)
      # Windows: jpackage wants an .ico icon; without installer/leadwire.ico it uses its default.
      # (${icon[@]+...} below: an empty array is "unbound" under set -u before bash 4.4, and
      # macOS still ships bash 3.2.)
      icon=(); [ -f "$here/leadwire.ico" ] && icon=(--icon "$here/leadwire.ico")
      # Two launchers. leadwire.exe is the console, without --win-console: with it, Windows opens
      # a console window behind the GUI. leadwire-cli.exe is the same Main with a console
      # (leadwire-cli.properties: win-console=true), for `serve` and the admin commands, whose
      # output would otherwise go nowhere. jpackage.exe is a Windows program: give it a Windows
      # path for the properties file (Git Bash's automatic conversion of path arguments is not
      # to be relied on after `name=`).
      cli="$here/leadwire-cli.properties"
      command -v cygpath > /dev/null && cli="$(cygpath -w "$cli")"
      jpackage --type msi "${common[@]}" --app-version "$app_version" \
        --input "$input" --main-jar leadwire.jar --main-class io.leadwire.app.Main \
        --add-modules "$modules" --license-file "$here/LICENSE.txt" ${icon[@]+"${icon[@]}"} \
        --add-launcher "leadwire-cli=$cli" \
        --win-menu --win-menu-group Leadwire --win-shortcut --win-dir-chooser \
        --dest "$out"
      ;;
    dmg)
      # macOS: jpackage wants an .icns icon; without installer/leadwire.icns it uses its default.
      icon=(); [ -f "$here/leadwire.icns" ] && icon=(--icon "$here/leadwire.icns")
      # macOS refuses an app version whose first number is 0 (a bundle's CFBundleVersion must
      # start above 0), so 0.x.y is packaged as 1.x.y there, and only there.
      mac_version="$app_version"
      case "$mac_version" in 0.*) mac_version="1.${mac_version#0.}" ;; esac
      jpackage --type dmg "${common[@]}" --app-version "$mac_version" \
        --input "$input" --main-jar leadwire.jar --main-class io.leadwire.app.Main \
        --add-modules "$modules" --license-file "$here/LICENSE.txt" ${icon[@]+"${icon[@]}"} \
        --mac-package-name Leadwire --dest "$out"
      ;;
    *)
      echo "unknown installer type: $type (app-image, deb, msi, dmg)" >&2
      exit 2
      ;;
  esac
done
ls -l "$out"
