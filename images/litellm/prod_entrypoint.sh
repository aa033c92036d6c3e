#!/bin/sh
# Same contract as the official image's docker/prod_entrypoint.sh: the container's args go to `litellm`.
exec litellm "$@"
