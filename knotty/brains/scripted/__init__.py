"""The offline brain: understands people without a network and follows the prompt's signup flow.

The brain itself is `knotty.brains.scripted.brain.ScriptedBrain`. This package's init imports nothing:
the core's tools read a person's words with `knotty.brains.scripted.understanding`, and importing that
must not also load the brain, whose replies use those tools (that was an import cycle).
"""
