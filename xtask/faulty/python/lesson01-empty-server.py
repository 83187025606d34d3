# Faulty (rule lesson-client-refused): a lesson 01 server not written yet. It exits at once
# with code 0, as the homework's skeleton does, so its client is refused.
