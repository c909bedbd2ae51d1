#!/usr/bin/env python3
"""Checks the server's container image, an OCI tarball, without a container engine.

1. Its config: the entrypoint starts the server with the image's own Java, ports 8080 and 8081
   are exposed, it runs as a user that is not root, /data is a volume and the data directory.
2. With --run (as root, which chroot needs): its layers unpacked into a root file system, with
   /proc and /dev as an engine provides them, the entrypoint run there as the image's user (as
   an engine would, minus the namespaces), the
   server answers readiness and an allocation, writes its database into /data as that user, and
   stops on SIGTERM.

usage: check-image.py IMAGE.tar [--run]
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request


def blob(archive, digest):
    algorithm, value = digest.split(":")
    return archive.extractfile(f"blobs/{algorithm}/{value}")


def read_image(path):
    archive = tarfile.open(path)
    index = json.load(archive.extractfile("index.json"))
    manifest = json.load(blob(archive, index["manifests"][0]["digest"]))
    config = json.load(blob(archive, manifest["config"]["digest"]))
    return archive, manifest, config


def check_config(config):
    c = config["config"]
    problems = []
    entrypoint = c.get("Entrypoint") or []
    env = dict(e.split("=", 1) for e in c.get("Env", []))
    if not entrypoint or entrypoint[0] != "java" or entrypoint[-1] != "io.publicip.server.Application":
        problems.append(f"entrypoint does not start the server with java: {entrypoint}")
    if not env.get("PATH", "").startswith("/opt/java/bin"):
        problems.append(f"PATH does not lead to the image's Java: {env.get('PATH')}")
    for port in ("8080/tcp", "8081/tcp"):
        if port not in c.get("ExposedPorts", {}):
            problems.append(f"port {port} is not exposed: {sorted(c.get('ExposedPorts', {}))}")
    user = c.get("User", "")
    if user.split(":")[0] in ("", "0", "root"):
        problems.append(f"runs as root (User={user!r})")
    if "/data" not in c.get("Volumes", {}):
        problems.append(f"/data is not a volume: {sorted(c.get('Volumes', {}))}")
    if env.get("PUBLICIP_DATA_DIR") != "/data":
        problems.append(f"the data directory is not /data: {env.get('PUBLICIP_DATA_DIR')}")
    print(f"image config: entrypoint {' '.join(entrypoint)}; ports {', '.join(sorted(c.get('ExposedPorts', {})))}; "
          f"user {user}; volumes {', '.join(sorted(c.get('Volumes', {})))}")
    return problems, entrypoint, env, user


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError:
        return None, ""


def run(archive, manifest, entrypoint, env, user):
    problems = []
    root = tempfile.mkdtemp(prefix="publicip-image-")
    os.chmod(root, 0o755)  # an image's / is readable by every user; mkdtemp makes it 700
    try:
        for layer in manifest["layers"]:
            with tarfile.open(fileobj=blob(archive, layer["digest"]), mode="r:*") as t:
                t.extractall(root, numeric_owner=True)
        # what a container engine provides: /proc (the JVM finds itself through it) and /dev
        # (/dev/urandom seeds SecureRandom; without it the JDK gathers entropy for seconds)
        os.makedirs(f"{root}/proc", exist_ok=True)
        os.makedirs(f"{root}/dev", exist_ok=True)
        subprocess.run(["mount", "-t", "proc", "proc", f"{root}/proc"], check=True)
        subprocess.run(["mount", "--bind", "/dev", f"{root}/dev"], check=True)
        api, operator = free_port(), free_port()
        env = dict(env, MICRONAUT_SERVER_PORT=str(api), PUBLICIP_OPERATOR_PORT=str(operator), PUBLICIP_SIGNATURE_ENABLED="false")
        log = open(f"{root}.log", "w")
        started = time.monotonic()
        server = subprocess.Popen(["/usr/sbin/chroot", f"--userspec={user}", root] + entrypoint,
                                  env=env, cwd="/", stdout=log, stderr=subprocess.STDOUT)
        try:
            status = None
            while time.monotonic() - started < 120 and server.poll() is None:
                status, _ = get(f"http://127.0.0.1:{operator}/health/readiness")
                if status == 200:
                    break
                time.sleep(0.5)
            if status != 200:
                problems.append(f"the image's server did not become ready (exit {server.poll()}); see {root}.log")
                return problems
            print(f"image ran as {user}: ready in {time.monotonic() - started:.1f} s")
            status, body = get(f"http://127.0.0.1:{api}/?Action=AllocatePublicIpAddress&InstanceId=i-demo-running-01&Format=JSON")
            if status != 200 or "IpAddress" not in body:
                problems.append(f"allocation answered {status}: {body}")
            else:
                print(f"image allocated: {body}")
            database = f"{root}/data/publicip.mv.db"
            if not os.path.exists(database):
                problems.append("no database under /data")
            elif os.stat(database).st_uid != int(user.split(":")[0]):
                problems.append(f"/data/publicip.mv.db belongs to uid {os.stat(database).st_uid}, not the image's user")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(timeout=60)
                print(f"image stopped on SIGTERM (exit {code})")
            except subprocess.TimeoutExpired:
                server.kill()
                problems.append("the server did not stop within 60 s of SIGTERM")
    finally:
        for mounted in (f"{root}/proc", f"{root}/dev"):
            subprocess.run(["umount", mounted], check=False)
        # never delete through a mount still in place: that would be the host's /dev
        if any(os.path.ismount(m) for m in (f"{root}/proc", f"{root}/dev")):
            problems.append(f"{root}/proc or {root}/dev is still mounted; {root} is left in place")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return problems


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    archive, manifest, config = read_image(sys.argv[1])
    size = sum(layer["size"] for layer in manifest["layers"])
    print(f"image {sys.argv[1]}: {len(manifest['layers'])} layers, {size / 1e6:.0f} MB compressed")
    problems, entrypoint, env, user = check_config(config)
    if "--run" in sys.argv[2:] and not problems:
        if os.geteuid() != 0:
            print("not root: the image is not run (chroot needs root)")
        else:
            problems += run(archive, manifest, entrypoint, env, user)
    for problem in problems:
        print("PROBLEM: " + problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
