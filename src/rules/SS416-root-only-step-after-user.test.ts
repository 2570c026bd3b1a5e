import { rule } from './SS416-root-only-step-after-user.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN useradd -m app\nUSER app\nRUN pip install --user httpx\n',
    {
      name: 'root steps between USER root and the switch back',
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nRUN python -c "print(1)"\nUSER root\nRUN apt-get update\nUSER app\n',
    },
    {
      name: 'writes into folders the user was given or made',
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m app && mkdir -p /opt/app && chown -R app:app /opt/app\nCOPY --chown=app:app . /srv/app\nUSER app\nRUN mkdir -p /opt/app/data /srv/app/static /tmp/cache && touch /opt/app/data/.keep\nWORKDIR /work\nRUN mkdir out && python -m venv .venv\n',
    },
    {
      name: 'mkdir -p of a folder that exists, reads of the package database, failures that do not stop the RUN',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nRUN useradd app\nUSER app\nRUN mkdir -p /app /usr/local/bin && dpkg --print-architecture && (apt-get update || true)\nRUN apt-get update | tee /tmp/log; rm -f /etc/x; echo done\n',
    },
    {
      name: 'the micromamba user installs into its own environment',
      dockerfile:
        'FROM mambaorg/micromamba:1.5\nCOPY env.yaml /tmp/env.yaml\nRUN micromamba install -y -n base -f /tmp/env.yaml && micromamba clean -a -y\n',
    },
    {
      name: 'sudo runs the root-only step as root (a dev-container user with NOPASSWD sudo)',
      dockerfile:
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends sudo && useradd -m app && echo "app ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/app\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends libpq5 && sudo mkdir -p /opt/tools\n',
    },
    {
      name: 'a wrapped command fails as its wrapper does: `|| true` after the wrapper guards it',
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nRUN timeout 30 touch /etc/motd || true\nRUN nice -n 10 apt-get update | tee /tmp/apt.log\n',
    },
    {
      name: 'a block fails as its last command does: `|| true` after a subshell or `sh -c` guards it',
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nRUN (touch /etc/motd) || true\nRUN sh -c "mkdir -p /opt/data" || echo skipped\n',
    },
    {
      name: 'a USER of a builder stage does not reach another stage',
      dockerfile: 'FROM python:3.12-slim AS build\nUSER nobody\nFROM python:3.12-slim\nRUN apt-get update\n',
    },
  ],
  invalid: [
    {
      name: 'a block whose failure the next `&&` does not guard, or that ends the RUN',
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nRUN sh -c "mkdir -p /opt/data" && echo made\nRUN echo start && (touch /etc/motd)\n',
      errors: [
        { line: 4, column: 12, message: /`mkdir` writes \/opt\/data/ },
        { line: 5, column: 20, message: /`touch` writes \/etc\/motd/ },
      ],
    },
    {
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      errors: [
        {
          line: 4,
          column: 5,
          endColumn: 19,
          message:
            '`apt-get update` needs root, but this RUN runs as `app` (USER on line 3): the build fails here — run it before that USER, or put `USER root` before it and switch back after.',
        },
      ],
    },
    {
      name: 'the base image sets the user (micromamba): apt without USER root',
      dockerfile: 'FROM mambaorg/micromamba:1.5-bookworm-slim\nRUN apt-get update\n',
      errors: [
        {
          line: 2,
          message:
            '`apt-get update` needs root, but this RUN runs as `mambauser`, which this stage inherits as USER from its base `mambaorg/micromamba:1.5-bookworm-slim`: the build fails here — put `USER root` before it and `USER mambauser` after.',
        },
      ],
    },
    {
      name: 'writes into a system folder, a WORKDIR root made, and a new folder under /',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN useradd app\nUSER app\nRUN mkdir /etc/app\nRUN mkdir -p data\nRUN mkdir /models\n',
      errors: [
        {
          line: 6,
          message: /`mkdir` writes \/etc\/app, but \/etc belongs to root and this RUN runs as `app`/,
        },
        { line: 7, message: /`mkdir` writes \/app\/data, but \/app was made by root \(WORKDIR on line 2\)/ },
        { line: 8, message: /`mkdir` writes \/models, but \/ belongs to root/ },
      ],
    },
    {
      name: 'the user comes from the parent stage; account tools and links into /usr',
      dockerfile:
        'FROM python:3.12-slim AS base\nRUN useradd app\nUSER app\nFROM base\nRUN useradd worker\nRUN ln -s /app/bin/tool /usr/local/bin/tool\n',
      errors: [
        { line: 5, message: /`useradd` needs root, but this RUN runs as `app` \(USER on line 3\)/ },
        { line: 6, message: /`ln` writes \/usr\/local\/bin\/tool, but \/usr belongs to root/ },
      ],
    },
    {
      name: "a folder root made inside one it gave away stays root's",
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd app && mkdir /srv/app && chown -R app /srv/app && mkdir /srv/app/cache\nUSER app\nRUN touch /srv/app/ok && touch /srv/app/cache/x && apt-get update\n',
      errors: [
        {
          line: 4,
          column: 26,
          message:
            /`touch` writes \/srv\/app\/cache\/x, but \/srv\/app\/cache was made by root \(mkdir on line 2\)/,
        },
      ],
    },
    {
      name: 'under set -e a failure followed by ; stops the RUN',
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd app\nUSER app\nRUN set -eux; apt-get update; echo done\n',
      errors: [{ line: 4, column: 15, message: /`apt-get update` needs root/ }],
    },
    {
      name: 'su cannot switch to root without a password, and sudo mkdir leaves a root folder',
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nRUN su -c "apt-get update"\nRUN sudo mkdir /opt/tools && touch /opt/tools/x\n',
      errors: [
        { line: 4, column: 5, message: /`su` needs root, but this RUN runs as `app`/ },
        { line: 5, column: 30, message: /`touch` writes \/opt\/tools\/x, but \/opt belongs to root/ },
      ],
    },
  ],
});
